package net.aitbc.cli.miner;

import jakarta.json.JsonObject;

/** A job as {@code /v1/miners/poll} hands it out: {@code {job_id, payload, constraints}}. */
public record Job(String jobId, JsonObject payload, JsonObject constraints) {
}
