package io.adstream.infra;

import io.adstream.config.AdstreamConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.CfnLogGroup;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/** The CloudWatch log groups of the processor and the delivery streams: KMS-encrypted, with a set retention. */
final class OperationalLogs extends Construct {
  final Key key;
  private final int retentionDays;

  OperationalLogs(Construct scope, String id, AdstreamConfig config) {
    super(scope, id);
    retentionDays = config.operations().logRetentionDays();
    key = Keys.create(this, "Key", "adstream log groups");
    // CloudWatch Logs encrypts with the key itself, and only for log groups of this account and region
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
                        "arn:" + Aws.PARTITION + ":logs:" + Aws.REGION + ":" + Aws.ACCOUNT_ID + ":log-group:*")))
            .build());
  }

  LogGroup create(Construct scope, String id, String logGroupName) {
    LogGroup logGroup =
        LogGroup.Builder.create(scope, id)
            .logGroupName(logGroupName)
            .encryptionKey(key)
            .removalPolicy(RemovalPolicy.RETAIN)
            .build();
    // RetentionDays exposes no day count in Java; the configuration is validated against CloudWatch's values
    ((CfnLogGroup) logGroup.getNode().getDefaultChild()).setRetentionInDays(retentionDays);
    return logGroup;
  }
}
