package io.adstream.local.mapping;

import io.adstream.stream.SourceRecord;
import java.util.List;

/** Invokes the function with one batch of one shard and says how the invocation ended. */
interface FunctionInvoker {

  InvocationOutcome invoke(List<SourceRecord> batch) throws InterruptedException;
}
