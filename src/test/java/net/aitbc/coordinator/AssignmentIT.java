package net.aitbc.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.aitbc.testing.CoordinatorCluster;
import net.aitbc.testing.Http;
import net.aitbc.testing.TestMiner;
import net.aitbc.testing.cluster.LibertyServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Assignment across two coordinator servers on one PostgreSQL: many miners long-polling both servers never get
 * one job twice, every job is assigned, a job submitted on one server wakes a miner waiting on the other at once,
 * and a job whose miner goes silent is re-queued once, then failed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AssignmentIT {

    private CoordinatorCluster site;

    @BeforeAll
    void start() {
        site = CoordinatorCluster.shared();
    }

    private static JsonObject job(String model) {
        return Json.createObjectBuilder().add("payload", Json.createObjectBuilder().add("model", model)
                .add("prompt", "p")).build();
    }

    private static String submit(LibertyServer s, String key, String model) {
        Http.Response r = Http.post(s.url("/v1/jobs"), job(model).toString(), "X-Api-Key", key);
        assertEquals(201, r.status(), r.toString());
        return r.json().getString("job_id");
    }

    @Test
    void twentyMinersOnTwoServersNeverReceiveOneJobTwice() throws Exception {
        String model = "model-" + UUID.randomUUID().toString().substring(0, 8);
        String key = site.clientKey();
        List<TestMiner> miners = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            miners.add(new TestMiner(site.minerKey(), null).register(i % 2 == 0 ? site.a : site.b,
                    TestMiner.gpu("RTX 4090", 24, "12.2", model), 1));
        }
        int rounds = 5;
        int perRound = 40;
        Set<String> submitted = ConcurrentHashMap.newKeySet();
        List<String> received = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger answered = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(22);
        try {
            for (int round = 0; round < rounds; round++) {
                int total = (round + 1) * perRound;
                List<Future<?>> work = new ArrayList<>();
                for (int i = 0; i < miners.size(); i++) {
                    TestMiner m = miners.get(i);
                    LibertyServer s = (i + round) % 2 == 0 ? site.a : site.b;
                    work.add(pool.submit(() -> {
                        while (answered.get() < total) {
                            Http.Response r = m.poll(s, 1);
                            if (r.status() == 200) {
                                String id = r.json().getString("job_id");
                                received.add(id);
                                assertEquals(200, m.result(s, id, Json.createObjectBuilder().add("output", "ok").build(),
                                        Json.createObjectBuilder().add("units", 1).build()).status());
                                answered.incrementAndGet();
                            }
                        }
                        return null;
                    }));
                }
                // submissions through both servers while the miners poll
                List<Future<?>> submits = new ArrayList<>();
                for (int j = 0; j < perRound; j++) {
                    LibertyServer s = j % 2 == 0 ? site.a : site.b;
                    submits.add(pool.submit(() -> submitted.add(submit(s, key, model))));
                }
                for (Future<?> f : submits) {
                    f.get(60, TimeUnit.SECONDS);
                }
                for (Future<?> f : work) {
                    f.get(120, TimeUnit.SECONDS);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Set<String> unique = new HashSet<>(received);
        assertEquals(received.size(), unique.size(), "no job was handed out twice");
        assertEquals(submitted, unique, "every job was handed out");
        assertEquals(rounds * perRound, received.size());
    }

    @Test
    void aJobSubmittedOnOneServerWakesAMinerWaitingOnTheOtherWithin100Ms() throws Exception {
        String model = "model-" + UUID.randomUUID().toString().substring(0, 8);
        String key = site.clientKey();
        TestMiner miner = new TestMiner(site.minerKey(), null).register(site.b, TestMiner.gpu("L4", 24, "12.2", model), 1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        List<Long> latencies = new ArrayList<>();
        try {
            for (int i = 0; i < 7; i++) {
                Future<Long> waiting = pool.submit(() -> {
                    Http.Response r = miner.poll(site.b, 20);
                    long at = System.nanoTime();
                    assertEquals(200, r.status(), r.toString());
                    assertEquals(200, miner.result(site.b, r.json().getString("job_id"), Json.createObjectBuilder()
                            .add("output", "ok").build(), JsonObject.EMPTY_JSON_OBJECT).status());
                    return at;
                });
                Thread.sleep(700); // the poll is waiting on server b
                if (i == 0) {
                    assertTrue(Http.get(site.b.url("/v1/admin/stats"), "X-Api-Key", CoordinatorCluster.ADMIN).json()
                            .getInt("polls_waiting") >= 1, "the admin sees the waiting poll");
                }
                Http.Response r = Http.post(site.a.url("/v1/jobs"), job(model).toString(), "X-Api-Key", key);
                long submittedAt = System.nanoTime();
                assertEquals(201, r.status());
                long woke = waiting.get(30, TimeUnit.SECONDS);
                latencies.add(Math.max(0, (woke - submittedAt) / 1_000_000));
            }
        } finally {
            pool.shutdownNow();
        }
        Collections.sort(latencies);
        System.out.println("cross-server wake-up latencies (ms, from submit answered to poll answered): " + latencies);
        assertTrue(latencies.get(latencies.size() / 2) <= 100, "median wake-up within 100 ms: " + latencies);
    }

    @Test
    void aJobWhoseMinerGoesSilentIsRequeuedOnceThenFailed() throws Exception {
        String model = "model-" + UUID.randomUUID().toString().substring(0, 8);
        String key = site.clientKey();
        TestMiner first = new TestMiner(site.minerKey(), null).register(site.a, TestMiner.gpu("T4", 16, "11.8", model), 1);
        String jobId = submit(site.a, key, model);
        assertEquals(jobId, first.poll(site.a, 5).json().getString("job_id"));
        // the first miner falls silent: after the offline time the job is queued again, for another miner
        TestMiner second = new TestMiner(site.minerKey(), null).register(site.b, TestMiner.gpu("T4", 16, "11.8", model), 1);
        Http.Response again = second.poll(site.b, 3 * CoordinatorCluster.OFFLINE_SECONDS + 5);
        assertEquals(200, again.status(), () -> again + " job " + Http.get(site.a.url("/v1/jobs/" + jobId), "X-Api-Key", key)
                + " events " + Http.get(site.a.url("/v1/jobs/" + jobId + "/events"), "X-Api-Key", key)
                + " miners " + Http.get(site.a.url("/v1/miners"), "X-Api-Key", CoordinatorCluster.ADMIN));
        assertEquals(jobId, again.json().getString("job_id"));
        // and it falls silent too: the job fails
        long deadline = System.currentTimeMillis() + 4000L * CoordinatorCluster.OFFLINE_SECONDS;
        String state;
        do {
            Thread.sleep(300);
            state = Http.get(site.a.url("/v1/jobs/" + jobId), "X-Api-Key", key).json().getString("state");
        } while (!state.equals("FAILED") && System.currentTimeMillis() < deadline);
        assertEquals("FAILED", state);
        List<String> reasons = Http.get(site.a.url("/v1/jobs/" + jobId + "/events"), "X-Api-Key", key).json()
                .getJsonArray("events").getValuesAs(JsonObject.class).stream().map(e -> e.getString("reason")).toList();
        assertEquals(List.of("submitted", "assigned", "miner_silent_requeued", "assigned", "miner_silent_failed"),
                reasons.subList(0, 5));
        // the failure is on record for the miner: a FAILED receipt, claimed on chain like any receipt
        JsonObject receipt = Http.get(site.a.url("/v1/jobs/" + jobId + "/receipt"), "X-Api-Key", key).json();
        assertEquals("FAILED", receipt.getString("status"));
        assertEquals(0, receipt.getInt("price"));
        assertTrue(reasons.subList(5, reasons.size()).stream().allMatch(r -> r.equals("receipt_claim_sent")
                || r.equals("settled")), "after the failure only its settlement: " + reasons);
    }
}
