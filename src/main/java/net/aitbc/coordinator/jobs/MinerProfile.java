package net.aitbc.coordinator.jobs;

import net.aitbc.coordinator.matching.Capabilities;

/** What a waiting miner can run, read once when its poll starts (to pick whom a new job should wake). */
public record MinerProfile(String minerId, Capabilities capabilities, String region, long unitPrice,
                           boolean hasWallet) {
}
