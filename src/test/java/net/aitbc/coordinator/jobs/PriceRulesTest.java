package net.aitbc.coordinator.jobs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

/** Units from a miner's metrics: a started gpu second counts whole; the state machine allows only its arrows. */
class PriceRulesTest {

    @Test
    void unitsComeFromUnitsElseDurationRoundedUp() {
        assertEquals(7, ResultService.units(Json.createObjectBuilder().add("units", 7).add("duration_ms", 99_000).build()));
        assertEquals(3, ResultService.units(Json.createObjectBuilder().add("units", 2.1).build()));
        assertEquals(2, ResultService.units(Json.createObjectBuilder().add("duration_ms", 1001).build()));
        assertEquals(1, ResultService.units(Json.createObjectBuilder().add("duration_ms", 1000).build()));
        assertEquals(0, ResultService.units(Json.createObjectBuilder().add("duration_ms", -5).build()));
        assertEquals(0, ResultService.units(Json.createObjectBuilder().add("units", "lots").build()));
        assertEquals(0, ResultService.units(jakarta.json.JsonObject.EMPTY_JSON_OBJECT));
    }

    @Test
    void theStateMachineHasOnlyItsArrows() {
        for (JobState from : JobState.values()) {
            for (JobState to : JobState.values()) {
                boolean allowed = switch (from) {
                    case QUEUED -> to == JobState.RUNNING || to == JobState.CANCELED || to == JobState.EXPIRED;
                    case RUNNING -> to == JobState.QUEUED || to == JobState.COMPLETED || to == JobState.FAILED
                            || to == JobState.CANCELED || to == JobState.EXPIRED;
                    default -> false;
                };
                assertEquals(allowed, from.mayBecome(to), from + " → " + to);
            }
        }
    }
}
