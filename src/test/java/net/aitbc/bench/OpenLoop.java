package net.aitbc.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import net.aitbc.chain.protocol.SignedTx;

/**
 * An open-loop sender of pre-signed transfers: transfer {@code i} of the schedule is due at
 * {@code start + i / rate} whatever the node answered so far, so a slow node shows as latency rather than as a
 * lower offered rate. Bodies are serialised before the window, so the window spends the load generator's CPU on
 * HTTP only. Requests are asynchronous ({@code HttpClient.sendAsync}): no thread waits for an answer, so the
 * number of requests in flight is not capped by a thread count (48 blocking client threads once capped the
 * offered rate at about 1,300 tx/s). A sender's transfers still go one after another, in nonce order, because the
 * node admits only a sender's next nonce: one still waiting for its previous answer is sent late, and that lag is
 * kept (latency is reported from the intended send time as well as from the actual one).
 */
final class OpenLoop {

    /** Status of a transfer not sent: an earlier one of its sender was refused, so its nonce cannot be admitted. */
    static final int SKIPPED = -1;
    /** Status of a POST that got no HTTP answer (connection failure, timeout). */
    static final int NO_ANSWER = 0;

    private final URI sendTx;
    private final String[] hashes;
    private final String[] bodies;
    /** each sender's transfers, in nonce order */
    private final List<List<Integer>> senders;
    private final ExecutorService answers;
    private final HttpClient http;

    /**
     * @param schedule transfers in the order they are due; each sender's in nonce order
     * @param threads  threads that handle the answers (none of them waits for one)
     */
    OpenLoop(String baseUrl, List<SignedTx> schedule, int threads) {
        sendTx = URI.create(baseUrl + "/rpc/sendTx");
        int n = schedule.size();
        hashes = new String[n];
        bodies = new String[n];
        Map<String, List<Integer>> bySender = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            SignedTx tx = schedule.get(i);
            hashes[i] = tx.hash();
            bodies[i] = tx.toWire().toString();
            bySender.computeIfAbsent(tx.sender(), k -> new ArrayList<>()).add(i);
        }
        senders = new ArrayList<>(bySender.values());
        answers = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "open-loop-answers");
            t.setDaemon(true);
            return t;
        });
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1)
                .executor(answers).build();
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
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(t -> {
            Thread th = new Thread(t, "open-loop-timer");
            th.setDaemon(true);
            return th;
        });
        CountDownLatch finished = new CountDownLatch(senders.size());
        try {
            for (List<Integer> lane : senders) {
                next(lane, 0, r, timer, finished);
            }
            finished.await(1, TimeUnit.HOURS);
        } finally {
            timer.shutdownNow();
        }
        return r;
    }

    /** Sends transfer {@code k} of one sender's lane when it is due, and the next one once it is answered. */
    private void next(List<Integer> lane, int k, Result r, ScheduledExecutorService timer, CountDownLatch finished) {
        if (k == lane.size()) {
            finished.countDown();
            return;
        }
        int i = lane.get(k);
        long wait = r.intended(i) - System.nanoTime();
        Runnable send = () -> {
            r.sent[i] = System.nanoTime();
            HttpRequest request = HttpRequest.newBuilder(sendTx).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(bodies[i]))
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, failure) -> {
                r.done[i] = System.nanoTime();
                if (failure != null) {
                    r.noteRefusal("no answer: " + failure);
                    r.status[i] = NO_ANSWER;
                } else {
                    r.status[i] = response.statusCode();
                    if (response.statusCode() != 200) {
                        r.noteRefusal(response.statusCode() + " " + response.body());
                    }
                }
                if (r.status[i] != 200) {
                    // the sender's later nonces cannot be admitted now
                    for (int rest = k + 1; rest < lane.size(); rest++) {
                        r.status[lane.get(rest)] = SKIPPED;
                    }
                    finished.countDown();
                } else {
                    next(lane, k + 1, r, timer, finished);
                }
            });
        };
        if (wait > 0) {
            timer.schedule(send, wait, TimeUnit.NANOSECONDS);
        } else {
            answers.execute(send); // late already: send at once, off the thread that took the previous answer
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
