package io.adstream.local.mapping;

import java.time.Duration;

/** The function the mapping invokes, as its context describes it. */
record FunctionIdentity(String name, String arn, int memoryMb, Duration timeout) {}
