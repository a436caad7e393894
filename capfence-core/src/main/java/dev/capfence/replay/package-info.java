/**
 * Replay and review: decides the events of an audit log (read by {@link dev.capfence.audit.AuditLogReader}, this
 * project's chain or upstream CapFence's JSONL samples) again under another policy
 * ({@link dev.capfence.replay.Replay}) and compares two policies on the same events
 * ({@link dev.capfence.replay.PolicyDiff}). Everything here is a dry run: nothing is recorded and no tool runs.
 */
package dev.capfence.replay;
