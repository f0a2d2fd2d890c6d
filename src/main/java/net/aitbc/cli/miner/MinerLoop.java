package net.aitbc.cli.miner;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The miner itself: register (listing Ollama's models), heartbeat on a thread of its own, and {@code concurrency}
 * workers that each long-poll for a job and run it. A coordinator that goes away is reconnected to with backoff,
 * and registered with again, by one worker while the others wait for it; a refused key stops everything.
 */
public final class MinerLoop {

    /** How long a shutdown waits, after cancelling the jobs left at the end of the grace, for their fail posts. */
    private static final Duration CANCEL_WINDOW = Duration.ofSeconds(10);

    private final MinerSettings settings;
    private final CoordinatorApi coordinator;
    private final LocalModels models;
    private final JobRunner runner;
    private final EventLog log;
    private final Backoff backoff;

    private final CountDownLatch stopSignal = new CountDownLatch(1);
    private final CountDownLatch finished = new CountDownLatch(1);
    private final Set<Cancellation> running = ConcurrentHashMap.newKeySet();
    private final Set<CoordinatorApi.Poll> polls = ConcurrentHashMap.newKeySet();
    /** Jobs still to take under --max-jobs; negative: no limit. */
    private final AtomicInteger slots;
    private final AtomicInteger jobsDone = new AtomicInteger();
    private final Object registerLock = new Object();
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            daemon("aitbc-miner-heartbeat"));
    // apart from the heartbeat: a re-registration run from the heartbeat thread must not delay a job's timeout
    private final ScheduledExecutorService timeouts = Executors.newSingleThreadScheduledExecutor(
            daemon("aitbc-miner-timeouts"));

    private volatile boolean stopping;
    private volatile boolean started;
    private volatile boolean registered;
    private volatile long generation;
    private volatile String minerId;
    private volatile CoordinatorException fatal;
    private volatile boolean heartbeatFailing;

    public MinerLoop(MinerSettings settings, CoordinatorApi coordinator, OllamaClient ollama, EventLog log) {
        this.settings = settings;
        this.coordinator = coordinator;
        this.models = new LocalModels(ollama, settings.defaultModel());
        this.runner = new JobRunner(coordinator, ollama, models, log);
        this.log = log;
        this.backoff = new Backoff(settings.maxBackoff());
        this.slots = new AtomicInteger(settings.maxJobs() > 0 ? settings.maxJobs() : -1);
    }

    /**
     * Runs until {@link #stop()}, until {@code --max-jobs} jobs are done, or until the coordinator refuses the key.
     *
     * @return the process exit code: 0, or 2 when the coordinator refused the key (401/403) or the registration
     */
    public int run() {
        started = true;
        try {
            if (!connect(false, -1, null)) {
                return exitCode();
            }
            long every = settings.heartbeatInterval().toMillis();
            heartbeats.scheduleWithFixedDelay(this::heartbeat, 0, every, TimeUnit.MILLISECONDS);
            List<Thread> workers = new ArrayList<>();
            for (int i = 1; i <= settings.concurrency(); i++) {
                Thread t = new Thread(this::work, "aitbc-miner-worker-" + i);
                workers.add(t);
                t.start();
            }
            for (Thread t : workers) {
                joinUninterruptibly(t);
            }
            if (!stopping && fatal == null) {
                log.event("done: " + jobsDone.get() + " jobs (--max-jobs " + settings.maxJobs() + ")");
            }
            return exitCode();
        } finally {
            heartbeats.shutdownNow();
            timeouts.shutdownNow();
            finished.countDown();
        }
    }

    /** Stops taking jobs: waiting polls are abandoned, running jobs go on. */
    public void stop() {
        stopping = true;
        stopSignal.countDown();
        polls.forEach(CoordinatorApi.Poll::cancel);
    }

    /**
     * What SIGTERM does: stop polling, give running jobs {@code grace} to finish, then cancel the rest (each is
     * reported with error_code "shutdown") and wait briefly for those reports. Returns once {@link #run()} has.
     */
    public void shutdown(Duration grace) {
        log.event("stopping: no new jobs; " + running.size() + " running, waiting up to " + grace.toSeconds()
                + "s for them");
        stop();
        if (!started) {
            return;
        }
        if (!await(finished, grace)) {
            log.event("grace of " + grace.toSeconds() + "s over: cancelling " + running.size() + " jobs");
            running.forEach(c -> c.cancel("shutdown"));
            await(finished, CANCEL_WINDOW);
        }
        log.event("stopped after " + jobsDone.get() + " jobs");
    }

    public int inflight() {
        return running.size();
    }

    public int jobsDone() {
        return jobsDone.get();
    }

    /** The id the coordinator gave at the last registration, or null. */
    public String minerId() {
        return minerId;
    }

    private void work() {
        while (!stopping && takeSlot()) {
            long seen = generation;
            Optional<Job> job;
            try {
                job = pollOnce();
            } catch (CoordinatorException e) {
                giveBackSlot();
                onFailure(e, seen);
                continue;
            }
            if (job.isEmpty()) {
                giveBackSlot(); // 204: nothing for this miner yet; poll again at once
                continue;
            }
            execute(job.get());
        }
    }

    private Optional<Job> pollOnce() {
        CoordinatorApi.Poll poll = coordinator.startPoll(settings.pollWaitSeconds());
        polls.add(poll);
        try {
            if (stopping) {
                poll.cancel(); // stop() ran between the loop's check and the add above
            }
            return poll.await();
        } finally {
            polls.remove(poll);
        }
    }

    private void execute(Job job) {
        Cancellation cancellation = new Cancellation();
        running.add(cancellation);
        ScheduledFuture<?> timeout = timeouts.schedule(() -> cancellation.cancel("timeout"),
                settings.jobTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            runner.run(job, cancellation);
        } catch (CoordinatorException e) {
            onFailure(e, generation);
        } catch (RuntimeException e) {
            // a bug must not end the worker silently while the others keep polling
            log.event("job " + job.jobId() + ": unexpected " + e);
        } finally {
            timeout.cancel(false);
            running.remove(cancellation);
            jobsDone.incrementAndGet();
        }
    }

    private void onFailure(CoordinatorException e, long seenGeneration) {
        if (e.fatal()) {
            fatal(e);
        } else if (e.notRegistered()) {
            log.event("the coordinator does not know this miner (" + e.getMessage() + "), registering again");
            connect(false, seenGeneration, null);
        } else if (e.transientFailure()) {
            connect(true, seenGeneration, e.getMessage());
        } else {
            // a 400 to a poll (say a --poll-wait-seconds above the coordinator's maximum) would repeat forever
            fatal(e);
        }
    }

    /**
     * Registers, retrying with backoff while the coordinator or Ollama is away. Of several threads that saw the
     * same failure only the first reconnects; the rest find the generation moved on and go back to work.
     *
     * @param waitFirst back off before the first attempt (the coordinator just failed)
     * @param seenGeneration the registration the caller's failed call ran under; -1: register in any case
     * @return whether the miner is registered; false when stopping or the coordinator refused it for good
     */
    private boolean connect(boolean waitFirst, long seenGeneration, String firstReason) {
        synchronized (registerLock) {
            if (seenGeneration >= 0 && generation != seenGeneration) {
                return registered;
            }
            registered = false;
            String what = "coordinator unreachable";
            String why = firstReason;
            boolean wait = waitFirst;
            while (!stopping) {
                if (wait) {
                    Duration d = backoff.next();
                    log.event(what + ", retrying in " + Backoff.seconds(d) + "s (" + why + ")");
                    if (pause(d)) {
                        return false;
                    }
                }
                wait = true;
                try {
                    register();
                    return true;
                } catch (OllamaException e) {
                    what = "ollama unreachable";
                    why = e.getMessage();
                } catch (CoordinatorException e) {
                    if (!e.transientFailure()) {
                        fatal(e); // a wrong key, a wallet the coordinator refuses: retrying cannot help
                        return false;
                    }
                    what = "coordinator unreachable";
                    why = e.getMessage();
                }
            }
            return false;
        }
    }

    private void register() {
        List<OllamaModel> local = models.refresh();
        if (local.isEmpty()) {
            log.event("ollama at " + settings.ollama() + " has no models: pull one (ollama pull llama3.2)");
        }
        Registration r = coordinator.register(Capabilities.registerBody(settings, local));
        minerId = r.minerId();
        generation++;
        registered = true;
        heartbeatFailing = false;
        backoff.reset();
        List<String> names = local.stream().map(OllamaModel::name).toList();
        log.event("registered as miner " + (minerId == null ? "(no id)" : minerId) + " at " + coordinator.baseUrl()
                + ": models " + names + ", concurrency " + settings.concurrency());
    }

    private void heartbeat() {
        if (!registered || stopping) {
            return;
        }
        long seen = generation;
        try {
            coordinator.heartbeat(running.size());
            if (heartbeatFailing) {
                heartbeatFailing = false;
                log.event("heartbeat accepted again");
            }
        } catch (CoordinatorException e) {
            if (e.fatal()) {
                fatal(e);
            } else if (e.notRegistered()) {
                log.event("heartbeat: the coordinator does not know this miner, registering again");
                connect(false, seen, null);
            } else if (!heartbeatFailing) {
                heartbeatFailing = true; // once per outage: the workers' backoff lines tell the rest
                log.event("heartbeat failed: " + e.getMessage());
            }
        } catch (RuntimeException e) {
            // an exception would end the scheduled heartbeat for good
            log.event("heartbeat failed: " + e);
        }
    }

    private void fatal(CoordinatorException e) {
        synchronized (this) {
            if (fatal != null) {
                return;
            }
            fatal = e;
        }
        log.event("fatal: the coordinator refused this miner: " + e.getMessage());
        stop();
        // no result can be delivered with a refused key: end the running jobs now rather than after their run
        running.forEach(c -> c.cancel("shutdown"));
    }

    private int exitCode() {
        return fatal != null ? 2 : 0;
    }

    private boolean takeSlot() {
        while (true) {
            int left = slots.get();
            if (left < 0) {
                return true;
            }
            if (left == 0) {
                return false;
            }
            if (slots.compareAndSet(left, left - 1)) {
                return true;
            }
        }
    }

    private void giveBackSlot() {
        slots.updateAndGet(left -> left < 0 ? left : left + 1);
    }

    /** Sleeps; true when the miner is stopping (the sleep then ends early). */
    private boolean pause(Duration d) {
        return await(stopSignal, d);
    }

    private static boolean await(CountDownLatch latch, Duration d) {
        try {
            return latch.await(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
