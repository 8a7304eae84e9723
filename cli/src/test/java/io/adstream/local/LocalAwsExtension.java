package io.adstream.local;

import io.adstream.aws.AwsClientFactory;
import io.adstream.local.emulator.LocalAws;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.services.firehose.FirehoseClient;

/**
 * Gives tests the local AWS: started once per test JVM (the embedded emulator unless AWS_ENDPOINT_URL is
 * set, or a container when -Dadstream.container asks for one) and closed when the whole test run ends.
 * Tests isolate themselves by naming their own resources.
 *
 * <p>The embedded moto allows 50 Firehose delivery streams per account and region, and every provisioned
 * configuration makes three: after each test that used the embedded emulator, its delivery streams are
 * deleted (tests run one at a time, and what they landed stays in S3). Against an external endpoint nothing
 * is deleted.
 */
public final class LocalAwsExtension implements ParameterResolver, AfterEachCallback {
  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(LocalAwsExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == LocalAws.class || type == AwsClientFactory.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    LocalAws aws = context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(LocalAws.class, key -> start(), LocalAws.class);
    return parameter.getParameter().getType() == LocalAws.class ? aws : aws.clients();
  }

  /** The emulator as a container when one is asked for ({@link ContainerAws}), else as the environment says. */
  private static LocalAws start() {
    return ContainerAws.environment().map(LocalAws::start).orElseGet(LocalAws::start);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    LocalAws aws = context.getRoot().getStore(NAMESPACE).get(LocalAws.class, LocalAws.class);
    if (aws == null || !aws.embedded()) {
      return;
    }
    try (FirehoseClient firehose = aws.clients().firehose()) {
      for (String stream : firehose.listDeliveryStreams(b -> b.limit(10_000)).deliveryStreamNames()) {
        firehose.deleteDeliveryStream(b -> b.deliveryStreamName(stream));
      }
    }
  }
}
