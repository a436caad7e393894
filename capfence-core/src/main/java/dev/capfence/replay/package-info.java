/**
 * Replay and review: reads audit logs (this project's chain and upstream CapFence's JSONL samples) and decides
 * their recorded events again under another policy ({@link dev.capfence.replay.Replay}), compares two policies
 * on the same events ({@link dev.capfence.replay.PolicyDiff}), and filters records for reading
 * ({@link dev.capfence.replay.AuditLogs}). Everything here is a dry run: nothing is recorded and no tool runs.
 */
package dev.capfence.replay;
