package net.aitbc.marketplace;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import net.aitbc.coordinator.jobs.MinerDirectory;

/**
 * Offers are the registered miners, never mock data, with their reliability inputs. The board is read at most once
 * a second and shared by every reader (the offers page is the marketplace's busiest read; a second-old view of
 * heartbeats is as true as the heartbeats themselves).
 */
@ApplicationScoped
public class OfferBoard {

    private static final long FRESH_MILLIS = 1000;

    @Inject
    MinerDirectory miners;

    /** A miner as an offer: what it is, and how reliable it has been. */
    public record Offer(MinerDirectory.Listing miner, MinerDirectory.Outcomes outcomes, Reliability reliability) {
    }

    /** The board and when it was read. */
    record Board(long readAt, List<Offer> offers) {
    }

    private volatile Board board = new Board(0, List.of());

    /** Every active miner's offer (online or not), in registration order. */
    public List<Offer> offers() {
        Board b = board;
        long now = System.currentTimeMillis();
        if (now - b.readAt() > FRESH_MILLIS) {
            synchronized (this) {
                b = board;
                if (now - b.readAt() > FRESH_MILLIS) {
                    b = board = read(now);
                }
            }
        }
        return b.offers();
    }

    /** Forget the cached board (a registration or a booking changed what it shows). */
    public void invalidate() {
        board = new Board(0, List.of());
    }

    private Board read(long now) {
        Map<String, MinerDirectory.Outcomes> outcomes = miners.outcomes();
        List<Offer> offers = miners.listings().stream().map(l -> {
            MinerDirectory.Outcomes o = outcomes.getOrDefault(l.minerId(), MinerDirectory.Outcomes.NONE);
            return new Offer(l, o, new Reliability(o.completed(), o.failed(), o.expired(), l.onlineMs(),
                    now - l.registeredAt()));
        }).toList();
        return new Board(System.currentTimeMillis(), offers);
    }
}
