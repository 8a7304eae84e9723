package io.adstream.local.mapping;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;

/**
 * The Lambda context of one local invocation: the function's identity, the time left before its
 * timeout, and its logger.
 */
public final class LocalContext implements Context {

  private final String requestId;
  private final FunctionIdentity function;
  private final long deadlineNanos;
  private final LambdaLogger logger;

  LocalContext(
      String requestId, FunctionIdentity function, long deadlineNanos, LambdaLogger logger) {
    this.requestId = requestId;
    this.function = function;
    this.deadlineNanos = deadlineNanos;
    this.logger = logger;
  }

  /**
   * The context of one request to a function invoked outside an event source mapping (adstream
   * serve).
   */
  public static Context of(
      String functionName, java.time.Duration timeout, java.io.PrintStream log) {
    return new LocalContext(
        java.util.UUID.randomUUID().toString(),
        new FunctionIdentity(
            functionName,
            "arn:aws:lambda:local:000000000000:function:" + functionName,
            512,
            timeout),
        System.nanoTime() + timeout.toNanos(),
        new FunctionLog(log));
  }

  @Override
  public String getAwsRequestId() {
    return requestId;
  }

  @Override
  public String getLogGroupName() {
    return "/aws/lambda/" + function.name();
  }

  @Override
  public String getLogStreamName() {
    return "local/[$LATEST]" + function.name();
  }

  @Override
  public String getFunctionName() {
    return function.name();
  }

  @Override
  public String getFunctionVersion() {
    return "$LATEST";
  }

  @Override
  public String getInvokedFunctionArn() {
    return function.arn();
  }

  /** Null, as Lambda passes it for invocations by an event source mapping. */
  @Override
  public CognitoIdentity getIdentity() {
    return null;
  }

  /** Null, as Lambda passes it for invocations by an event source mapping. */
  @Override
  public ClientContext getClientContext() {
    return null;
  }

  @Override
  public int getRemainingTimeInMillis() {
    return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
  }

  @Override
  public int getMemoryLimitInMB() {
    return function.memoryMb();
  }

  @Override
  public LambdaLogger getLogger() {
    return logger;
  }
}
