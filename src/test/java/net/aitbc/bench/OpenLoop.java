package net.aitbc.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import net.aitbc.chain.protocol.SignedTx;

/**
 * An open-loop sender of pre-signed transfers: transfer {@code i} of the schedule is due at
 * {@code start + i / rate} whatever the node answered so far, so a slow node shows as latency rather than as a
 * lower offered rate. Bodies are serialised before the window, so the window spends the load generator's CPU on
 * HTTP only. A sender's transfers all go through one client thread, in nonce order, because the node admits
 * only a sender's next nonce; a thread still waiting for its previous answer sends late, and that lag is kept
 * (latency is reported from the intended send time as well as from the actual one).
 */
final class OpenLoop {

    /** Status of a transfer not sent: an earlier one of its sender was refused, so its nonce cannot be admitted. */
    static final int SKIPPED = -1;
    /** Status of a POST that got no HTTP answer (connection failure, timeout). */
    static final int NO_ANSWER = 0;

    private final URI sendTx;
    private final String[] hashes;
    private final String[] senders;
    private final String[] bodies;
    private final List<List<Integer>> lanes;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();

    /** @param schedule transfers in the order they are due; each sender's in nonce order */
    OpenLoop(String baseUrl, List<SignedTx> schedule, int threads) {
        sendTx = URI.create(baseUrl + "/rpc/sendTx");
        int n = schedule.size();
        hashes = new String[n];
        senders = new String[n];
        bodies = new String[n];
        Map<String, Integer> laneOf = new LinkedHashMap<>();
        lanes = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            lanes.add(new ArrayList<>());
        }
        for (int i = 0; i < n; i++) {
            SignedTx tx = schedule.get(i);
            hashes[i] = tx.hash();
            senders[i] = tx.sender();
            bodies[i] = tx.toWire().toString();
            lanes.get(laneOf.computeIfAbsent(tx.sender(), s -> laneOf.size() % threads)).add(i);
        }
    }

    int size() {
        return hashes.length;
    }

    String hash(int i) {
        return hashes[i];
    }

    /** Sends the whole schedule, the first transfer at {@code start} (System.nanoTime); returns when all are done. */
    Result run(double rate, long start) throws InterruptedException {
        Result r = new Result(start, rate, hashes.length);
        ExecutorService pool = Executors.newFixedThreadPool(lanes.size());
        for (List<Integer> lane : lanes) {
            pool.submit(() -> drive(lane, r));
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        return r;
    }

    private void drive(List<Integer> lane, Result r) {
        Set<String> refusedSenders = new HashSet<>(); // a sender's transfers are all in this lane
        for (int i : lane) {
            if (refusedSenders.contains(senders[i])) {
                r.status[i] = SKIPPED;
                continue;
            }
            try {
                long wait = r.intended(i) - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            r.sent[i] = System.nanoTime();
            r.status[i] = post(bodies[i], r);
            r.done[i] = System.nanoTime();
            if (r.status[i] != 200) {
                refusedSenders.add(senders[i]);
            }
        }
    }

    private int post(String body, Result r) {
        HttpRequest request = HttpRequest.newBuilder(sendTx).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                r.noteRefusal(response.statusCode() + " " + response.body());
            }
            return response.statusCode();
        } catch (IOException e) {
            r.noteRefusal("no answer: " + e);
            return NO_ANSWER;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return NO_ANSWER;
        }
    }

    /**
     * Per transfer of the schedule: when it was due, sent and answered (System.nanoTime) and the HTTP status.
     * Each index is written by one client thread and read after all of them ended.
     */
    static final class Result {
        private static final int KEPT_REFUSALS = 5;

        final long start;
        final double rate;
        final long[] sent;
        final long[] done;
        final int[] status;
        /** The first few refusals, as the node worded them: why a rate failed is in there. */
        final Queue<String> refusals = new ConcurrentLinkedQueue<>();

        private Result(long start, double rate, int n) {
            this.start = start;
            this.rate = rate;
            sent = new long[n];
            done = new long[n];
            status = new int[n];
        }

        long intended(int i) {
            return start + (long) (i * 1e9 / rate);
        }

        int count(int httpStatus) {
            int n = 0;
            for (int s : status) {
                n += s == httpStatus ? 1 : 0;
            }
            return n;
        }

        private void noteRefusal(String what) {
            if (refusals.size() < KEPT_REFUSALS) {
                refusals.add(what.length() > 300 ? what.substring(0, 300) + "..." : what);
            }
        }
    }
}
