import assert from "node:assert/strict";
import { endReasonOf, FlowEndReason } from "./flow_export_record.ts";
import { EvictReason } from "../../stats/flow_table.ts";
import { FlowState } from "../../stats/tcp_state.ts";

Deno.test("endReasonOf(): how the flow table let a flow go, as RFC 7012's flowEndReason", () => {
  const open = FlowState.established;
  assert.equal(endReasonOf(EvictReason.idle, open), FlowEndReason.idleTimeout);
  assert.equal(endReasonOf(EvictReason.active, open), FlowEndReason.activeTimeout);
  assert.equal(endReasonOf(EvictReason.capacity, open), FlowEndReason.lackOfResources);
  assert.equal(endReasonOf(EvictReason.reopened, open), FlowEndReason.endOfFlowDetected);
  assert.equal(endReasonOf("forced", FlowState.none), FlowEndReason.forcedEnd);
  // A TCP flow seen closing (both FINs, or a RST) ended, whatever removed it later.
  assert.equal(endReasonOf(EvictReason.idle, FlowState.closed), FlowEndReason.endOfFlowDetected);
  assert.equal(endReasonOf("forced", FlowState.reset), FlowEndReason.endOfFlowDetected);
});
