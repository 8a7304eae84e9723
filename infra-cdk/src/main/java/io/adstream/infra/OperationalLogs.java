package io.adstream.infra;

import io.adstream.config.AdstreamConfig;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The CloudWatch log groups: KMS-encrypted, each with the retention of its kind. Operational logs
 * (the functions', the delivery streams') are kept operations.logRetentionDays; audit logs, the
 * record of every data request (the read API's access log), operations.auditLogRetentionDays.
 */
final class OperationalLogs extends Construct {
  final Key key;
  private final int retentionDays;
  private final int auditRetentionDays;

  OperationalLogs(Construct scope, String id, AdstreamConfig config) {
    super(scope, id);
    retentionDays = config.operations().logRetentionDays();
    auditRetentionDays = config.operations().auditLogRetentionDays();
    key = Keys.create(this, "Key", "adstream log groups");
    // CloudWatch Logs encrypts with the key itself, and only for log groups of this account and
    // region
    key.addToResourcePolicy(
        PolicyStatement.Builder.create()
            .principals(List.of(new ServicePrincipal("logs." + Aws.REGION + ".amazonaws.com")))
            .actions(
                List.of(
                    "kms:Encrypt",
                    "kms:Decrypt",
                    "kms:ReEncryptFrom",
                    "kms:ReEncryptTo",
                    "kms:GenerateDataKey",
                    "kms:GenerateDataKeyWithoutPlaintext",
                    "kms:DescribeKey"))
            .resources(List.of("*"))
            .conditions(
                Map.of(
                    "ArnLike",
                    Map.of(
                        "kms:EncryptionContext:aws:logs:arn",
                        "arn:"
                            + Aws.PARTITION
                            + ":logs:"
                            + Aws.REGION
                            + ":"
                            + Aws.ACCOUNT_ID
                            + ":log-group:*")))
            .build());
  }

  /** An operational log group. */
  LogGroup create(Construct scope, String id, String logGroupName) {
    return create(scope, id, logGroupName, retentionDays);
  }

  /** An audit log group: who read what, kept for the audit retention. */
  LogGroup createAudit(Construct scope, String id, String logGroupName) {
    return create(scope, id, logGroupName, auditRetentionDays);
  }

  private LogGroup create(Construct scope, String id, String logGroupName, int days) {
    LogGroup logGroup =
        LogGroup.Builder.create(scope, id)
            .logGroupName(logGroupName)
            .encryptionKey(key)
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    // RetentionDays exposes no day count in Java; the configuration is validated against
    // CloudWatch's values
    ((CfnLogGroup)
            Objects.requireNonNull(
                logGroup.getNode().getDefaultChild(), "the log group's resource"))
        .setRetentionInDays(days);
    return logGroup;
  }
}
