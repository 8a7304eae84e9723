package io.adstream.local;

import io.adstream.aws.AwsClientFactory;
import io.adstream.local.emulator.LocalAws;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives tests the local AWS: started once per test JVM (the embedded emulator unless AWS_ENDPOINT_URL is
 * set) and closed when the whole test run ends. Tests isolate themselves by naming their own resources.
 */
public final class LocalAwsExtension implements ParameterResolver {

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == LocalAws.class || type == AwsClientFactory.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    LocalAws aws =
        context
            .getRoot()
            .getStore(ExtensionContext.Namespace.create(LocalAwsExtension.class))
            .getOrComputeIfAbsent(LocalAws.class, key -> LocalAws.start(), LocalAws.class);
    return parameter.getParameter().getType() == LocalAws.class ? aws : aws.clients();
  }
}
