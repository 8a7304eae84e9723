package io.adstream.infra;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Aws;
import software.amazon.awscdk.services.iam.IGrantable;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.kms.IKey;

/**
 * IAM statements written out action by action. The L2 grant helpers add wildcard actions
 * (s3:DeleteObject*, kms:GenerateDataKey*, ...) that this pipeline's roles must not hold.
 */
final class Permissions {
  private Permissions() {}

  static void allow(IGrantable grantee, List<String> actions, List<String> resources) {
    grantee
        .getGrantPrincipal()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create().actions(actions).resources(resources).build());
  }

  /**
   * Use of a key only through the given service (e.g. "dynamodb"), as that service's encryption
   * needs it.
   */
  static void allowKeyUse(IGrantable grantee, IKey key, String service, List<String> actions) {
    grantee
        .getGrantPrincipal()
        .addToPrincipalPolicy(
            PolicyStatement.Builder.create()
                .actions(actions)
                .resources(List.of(key.getKeyArn()))
                .conditions(
                    Map.of(
                        "StringEquals",
                        Map.of("kms:ViaService", service + "." + Aws.REGION + ".amazonaws.com")))
                .build());
  }
}
