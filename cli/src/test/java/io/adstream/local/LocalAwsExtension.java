package io.adstream.local;

import io.adstream.aws.AwsClientFactory;
import io.adstream.local.emulator.LocalAws;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.firehose.FirehoseClient;

/**
 * Gives tests the local AWS: started once per test JVM (the embedded emulator unless
 * AWS_ENDPOINT_URL is set, or a container when -Dadstream.container asks for one) and closed when
 * the whole test run ends. Tests isolate themselves by naming their own resources under random
 * prefixes; against an external endpoint the run deletes what it created when it ends.
 *
 * <p>The embedded moto allows 50 Firehose delivery streams per account and region, and every
 * provisioned configuration makes three: after each test that used the embedded emulator, its
 * delivery streams are deleted (tests run one at a time, and what they landed stays in S3). Against
 * an external endpoint nothing is deleted.
 */
public final class LocalAwsExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(LocalAwsExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == LocalAws.class || type == AwsClientFactory.class;
  }

  /**
   * The run's local AWS, closed when the whole run ends. Against an external endpoint everything
   * the run created is deleted first, so that the next run against the same endpoint starts from
   * what was there.
   */
  private record Session(LocalAws aws) implements AutoCloseable {
    @Override
    public void close() {
      try {
        if (!aws.embedded()) {
          List<String> left = aws.deleteCreatedResources();
          if (!left.isEmpty()) {
            throw new IllegalStateException(
                "the test run could not delete what it created:\n" + String.join("\n", left));
          }
        }
      } finally {
        aws.close();
      }
    }
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    LocalAws aws = session(context).aws();
    return parameter.getParameter().getType() == LocalAws.class ? aws : aws.clients();
  }

  private static Session session(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(Session.class, key -> new Session(start()), Session.class);
  }

  /**
   * The emulator as a container when one is asked for ({@link ContainerAws}), else as the
   * environment says.
   */
  private static LocalAws start() {
    return ContainerAws.environment().map(LocalAws::start).orElseGet(LocalAws::start);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Session session = context.getRoot().getStore(NAMESPACE).get(Session.class, Session.class);
    if (session == null || !session.aws().embedded()) {
      return;
    }
    LocalAws aws = session.aws();
    try (FirehoseClient firehose = aws.clients().firehose()) {
      for (String stream :
          firehose.listDeliveryStreams(b -> b.limit(10_000)).deliveryStreamNames()) {
        firehose.deleteDeliveryStream(b -> b.deliveryStreamName(stream));
      }
    }
  }
}
