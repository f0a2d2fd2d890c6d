package net.aitbc.chain.mempool;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import net.aitbc.chain.protocol.SignedTx;

/**
 * Group commit of admissions: request threads hand their checked transactions to one writer, which stores
 * everything that queued up while it was busy in one database transaction and then answers each of them. A
 * transaction is still acknowledged only after its commit, but a thousand admissions cost one commit (one fsync
 * on PostgreSQL, one file write on H2) instead of a thousand. The writer batches by itself: under light load each
 * batch holds one transaction and nothing waits.
 */
@ApplicationScoped
public class GroupCommit {

    private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());
    private static final int MAX_BATCH = 2000;

    @Resource
    ManagedThreadFactory threads;
    @Inject
    PendingTxStore store;

    private record Admission(SignedTx tx, CompletableFuture<Void> stored) {
    }

    private final BlockingQueue<Admission> queue = new ArrayBlockingQueue<>(4 * MAX_BATCH);
    private volatile boolean running = true;
    private Thread writer;

    @PostConstruct
    void startWriter() {
        writer = threads.newThread(this::writeLoop);
        writer.setName("aitbc-mempool-group-commit");
        writer.start();
    }

    @PreDestroy
    void stopWriter() {
        running = false;
        writer.interrupt();
    }

    /**
     * Stores {@code tx} and returns once it is committed; throws what the store threw for it (a unique-index
     * conflict, a database failure).
     */
    public void store(SignedTx tx) {
        Admission a = new Admission(tx, new CompletableFuture<>());
        try {
            queue.put(a);
            a.stored().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the mempool stored " + tx.hash(), e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /**
     * Stores several transactions, normally in one commit (the writer takes them in one batch); the result holds,
     * for each, null when it is stored or the failure that refused it.
     */
    public List<RuntimeException> storeAll(List<SignedTx> txs) {
        List<Admission> admissions = new ArrayList<>(txs.size());
        try {
            for (SignedTx tx : txs) {
                Admission a = new Admission(tx, new CompletableFuture<>());
                queue.put(a);
                admissions.add(a);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the mempool stored a batch", e);
        }
        List<RuntimeException> failures = new ArrayList<>(admissions.size());
        for (Admission a : admissions) {
            try {
                a.stored().get();
                failures.add(null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while the mempool stored a batch", e);
            } catch (ExecutionException e) {
                failures.add(e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause()));
            }
        }
        return failures;
    }

    private void writeLoop() {
        List<Admission> batch = new ArrayList<>(MAX_BATCH);
        while (running) {
            try {
                Admission first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                write(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.SEVERE, "Mempool writer failed; the waiting admissions are refused", e);
                batch.forEach(a -> a.stored().completeExceptionally(e));
            } finally {
                batch.clear();
            }
        }
    }

    /** One commit for the batch; if it fails, each transaction on its own, so one bad row fails only itself. */
    private void write(List<Admission> batch) {
        try {
            store.insertAll(batch.stream().map(Admission::tx).toList());
            batch.forEach(a -> a.stored().complete(null));
        } catch (RuntimeException batchFailed) {
            if (batch.size() == 1) {
                batch.get(0).stored().completeExceptionally(batchFailed);
                return;
            }
            for (Admission a : batch) {
                try {
                    store.insertAll(List.of(a.tx()));
                    a.stored().complete(null);
                } catch (RuntimeException e) {
                    a.stored().completeExceptionally(e);
                }
            }
        }
    }
}
