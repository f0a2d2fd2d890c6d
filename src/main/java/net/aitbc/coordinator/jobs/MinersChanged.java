package net.aitbc.coordinator.jobs;

/**
 * A miner registered, changed its capabilities or was (de)activated on this server: fired after the commit, so
 * whatever shows miners (the marketplace's offers) can read them again at once.
 */
public record MinersChanged(String minerId) {
}
