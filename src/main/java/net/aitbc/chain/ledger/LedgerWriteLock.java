package net.aitbc.chain.ledger;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * One writer of blocks at a time: the block producer, block import (RPC) and sync all append to the same
 * chain. Held around the whole database transaction, so each sees the head the previous one committed.
 */
@ApplicationScoped
public class LedgerWriteLock {

    private final ReentrantLock lock = new ReentrantLock(true);

    public <T> T run(Supplier<T> work) {
        try {
            if (!lock.tryLock(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the ledger stayed busy for 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
