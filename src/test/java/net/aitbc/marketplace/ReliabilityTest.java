package net.aitbc.marketplace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The published score formula, on inputs whose result is worked out by hand. */
class ReliabilityTest {

    private static final long HOUR = 3_600_000;

    @Test
    void aNewMinerStartsFromThePriorsNeitherPerfectNorZero() {
        Reliability fresh = new Reliability(0, 0, 0, 0, 0);
        assertEquals(0.5, fresh.successRatio());
        assertEquals(1.0, fresh.uptimeRatio(), "no age yet: the uptime prior alone");
        assertEquals(50, fresh.score());
    }

    @Test
    void theScoreIsTheSuccessRatioTimesTheUptimeRatioRounded() {
        // (98 + 1) / (98 + 1 + 1 + 2) = 99/102; uptime (23 h + 10 min) / (24 h + 10 min)
        Reliability r = new Reliability(98, 1, 1, 23 * HOUR, 24 * HOUR);
        double expected = 100 * (99.0 / 102) * ((23 * HOUR + 600_000.0) / (24 * HOUR + 600_000));
        assertEquals(Math.round(expected), r.score());
        assertEquals(93, r.score());
    }

    @Test
    void failuresAndDowntimeEachLowerTheScore() {
        Reliability good = new Reliability(50, 0, 0, 10 * HOUR, 10 * HOUR);
        assertTrue(new Reliability(50, 10, 0, 10 * HOUR, 10 * HOUR).score() < good.score());
        assertTrue(new Reliability(50, 0, 10, 10 * HOUR, 10 * HOUR).score() < good.score());
        assertTrue(new Reliability(50, 0, 0, 5 * HOUR, 10 * HOUR).score() < good.score());
        assertEquals(98, good.score(), "51/52 × 1.0");
    }

    @Test
    void uptimeNeverExceedsOne() {
        assertEquals(1.0, new Reliability(0, 0, 0, 2 * HOUR, HOUR).uptimeRatio());
    }
}
