package net.aitbc.bench;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.concurrent.atomic.AtomicReference;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.testing.Http;
import net.aitbc.testing.TestMiner;
import net.aitbc.testing.cluster.LibertyServer;

/**
 * A miner of phase J on its own thread: registered once with its own key and wallet, then poll (max_wait 5 s) →
 * result with 1 unit → poll again, until stopped. Each exchange is noted in the round that was current when it
 * began.
 */
final class SimulatedMiner implements Runnable {

    static final int MAX_WAIT_SECONDS = 5;
    private static final JsonObject RESULT = Json.createObjectBuilder().add("output", "bench result").build();
    private static final JsonObject METRICS = Json.createObjectBuilder().add("units", 1).build();

    private final LibertyServer coordinator;
    private final TestMiner miner;
    private final AtomicReference<JobRound> round;
    private volatile boolean running = true;

    SimulatedMiner(LibertyServer coordinator, String key, String model, AtomicReference<JobRound> round) {
        this.coordinator = coordinator;
        this.round = round;
        miner = new TestMiner(key, Ed25519.generate().address())
                .register(coordinator, TestMiner.gpu("NVIDIA RTX 4090", 24, "12.2", model), 1);
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            JobRound r = round.get();
            try {
                long s = System.nanoTime();
                Http.Response polled = miner.poll(coordinator, MAX_WAIT_SECONDS);
                long e = System.nanoTime();
                if (polled.status() == 204) {
                    r.poll204.add(e - s);
                } else if (polled.status() == 200) {
                    String jobId = polled.json().getString("job_id");
                    r.offered.add(new JobRound.Offered(jobId, s, e));
                    long rs = System.nanoTime();
                    Http.Response done = miner.result(coordinator, jobId, RESULT, METRICS);
                    if (done.status() == 200) {
                        r.resultPosted(rs, System.nanoTime());
                    } else {
                        r.error("result: " + done);
                    }
                } else {
                    r.error("poll: " + polled);
                    pause();
                }
            } catch (RuntimeException | AssertionError e) {
                r.error("miner " + miner.id() + ": " + e);
                pause();
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
