package net.aitbc.exchange;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.aitbc.platform.error.ApiException;

/**
 * The one writer of the exchange's money: every command that changes an account or the book (place, cancel, a
 * deposit's credit, a withdrawal's debit or refund, a payment's credit) runs here, on one thread, against the
 * {@link Market} in memory. Commands that queued up meanwhile form a batch whose changes are committed in one
 * database transaction; only then is each answered, so an acknowledged order, its trades and both sides' balances
 * are durable together, and a thousand orders cost one commit. If a commit fails, the market is read again from
 * the database (what is committed is the truth) and the batch's commands fail with 503. The book is in memory
 * only here; it is rebuilt from the database at start. One engine per database: run one exchange server.
 */
@ApplicationScoped
public class ExchangeEngine {

    private static final Logger LOG = Logger.getLogger(ExchangeEngine.class.getName());
    private static final int MAX_BATCH = 1000;
    private static final long ANSWER_TIMEOUT_SECONDS = 30;

    @Resource
    ManagedThreadFactory threads;
    @Inject
    ExchangeStore store;
    @Inject
    Event<BookUpdate> updates;

    /** A change of the market, run on the engine's thread; it refuses (throws) before changing anything. */
    @FunctionalInterface
    public interface Command<R> {
        R run(Market market, List<ExchangeStore.Write> extras);
    }

    private record Queued(Command<?> command, CompletableFuture<Object> answer) {
    }

    private final BlockingQueue<Queued> queue = new ArrayBlockingQueue<>(8 * MAX_BATCH);
    private volatile boolean running = true;
    private volatile BookSnapshot snapshot = BookSnapshot.of(0, List.of(), List.of());
    private Market market;
    private long sequence;
    private Thread writer;

    @PostConstruct
    void start() {
        market = store.loadMarket();
        snapshot = BookSnapshot.of(sequence, market.levels(Side.BUY), market.levels(Side.SELL));
        writer = threads.newThread(this::loop);
        writer.setName("aitbc-exchange-engine");
        writer.start();
    }

    @PreDestroy
    void stop() {
        running = false;
        writer.interrupt();
    }

    /** The book as last committed. */
    public BookSnapshot snapshot() {
        return snapshot;
    }

    /** Runs {@code command} in the next batch and returns its result once the batch is committed. */
    @SuppressWarnings("unchecked")
    public <R> R execute(Command<R> command) {
        Queued q = new Queued(command, new CompletableFuture<>());
        try {
            if (!queue.offer(q, 5, TimeUnit.SECONDS)) {
                throw new ApiException(503, "exchange_busy", "the matching engine's queue is full; try again");
            }
            return (R) q.answer().get(ANSWER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted", "interrupted while the exchange stored the request");
        } catch (TimeoutException e) {
            throw new ApiException(503, "exchange_timeout", "the exchange did not confirm the request in "
                    + ANSWER_TIMEOUT_SECONDS + " s; look at your orders before sending it again");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    private void loop() {
        List<Queued> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                Queued first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                run(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "The exchange engine failed a batch", e);
                batch.forEach(q -> q.answer().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    private void run(List<Queued> batch) {
        List<ExchangeStore.Write> extras = new ArrayList<>();
        Object[] results = new Object[batch.size()];
        RuntimeException[] refusals = new RuntimeException[batch.size()];
        long started = System.nanoTime();
        for (int i = 0; i < batch.size(); i++) {
            try {
                results[i] = batch.get(i).command().run(market, extras);
            } catch (RuntimeException e) {
                refusals[i] = e; // refused before it changed anything: the others go on
            }
        }
        Market.Changes changes = market.takeChanges();
        try {
            store.write(changes, extras);
        } catch (RuntimeException e) {
            LOG.log(Level.SEVERE, "The exchange could not commit a batch of " + batch.size()
                    + " commands; the market is read again from the database", e);
            market = store.loadMarket();
            ApiException failed = new ApiException(503, "not_stored", "the exchange could not store this request ("
                    + e.getMessage() + "); nothing of it was kept");
            batch.forEach(q -> q.answer().completeExceptionally(failed));
            return;
        }
        changes.orders.values().forEach(o -> o.stored = true);
        changes.accounts.values().forEach(f -> f.stored = true);
        if (!changes.levels.isEmpty() || !changes.trades.isEmpty()) {
            publish(changes);
        }
        for (int i = 0; i < batch.size(); i++) {
            if (refusals[i] != null) {
                batch.get(i).answer().completeExceptionally(refusals[i]);
            } else {
                batch.get(i).answer().complete(results[i]);
            }
        }
        long micros = (System.nanoTime() - started) / 1000;
        if (micros > 1_000_000) {
            LOG.warning("An exchange batch of " + batch.size() + " commands took " + micros / 1000 + " ms");
        }
    }

    private void publish(Market.Changes changes) {
        BookSnapshot next = BookSnapshot.of(++sequence, market.levels(Side.BUY), market.levels(Side.SELL));
        snapshot = next;
        List<BookUpdate.LevelChange> levels = new ArrayList<>(changes.levels.size());
        for (String key : changes.levels.keySet()) {
            Side side = key.charAt(0) == 'B' ? Side.BUY : Side.SELL;
            levels.add(new BookUpdate.LevelChange(key.substring(0, 1),
                    market.levelAt(side, Long.parseLong(key.substring(2)))));
        }
        try {
            updates.fire(new BookUpdate(next, levels, List.copyOf(changes.trades)));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "A book update listener failed", e);
        }
    }
}
