package io.adstream.local.provision;

/**
 * What provisioning returns that the plan cannot know in advance: the identifiers the emulator
 * assigned.
 *
 * @param alertQueueUrl the queue subscribed to the alert topic (raw delivery), to read published
 *     alerts back
 */
public record ProvisionedResources(
    String streamArn, String alertTopicArn, String opsTopicArn, String alertQueueUrl) {}
