package net.aitbc.exchange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.aitbc.testing.ExchangeSite;
import net.aitbc.testing.ExchangeSite.Trader;

/**
 * What must hold for a group of traders that traded only among themselves, read back through the API: no negative
 * balance, no overfilled order, each order's filled equal to the sum of its trades, each trader's funds equal to its
 * start plus its trades (so no half trade), nothing reserved once their orders are final, and the group's AITBC and
 * BTC conserved.
 */
final class ExchangeInvariants {

    private ExchangeInvariants() {
    }

    /** Cancels every open order of the traders (so the book region is left empty). */
    static void cancelAll(ExchangeSite site, List<Trader> traders) {
        for (Trader t : traders) {
            for (JsonValue v : site.get(t, "/exchange/api/my/orders?status=OPEN&limit=10000").json().getJsonArray("orders")) {
                site.delete(t, "/exchange/api/orders/" + v.asJsonObject().getJsonNumber("id"));
            }
            for (JsonValue v : site.get(t, "/exchange/api/my/orders?status=PARTIALLY_FILLED&limit=10000").json()
                    .getJsonArray("orders")) {
                site.delete(t, "/exchange/api/orders/" + v.asJsonObject().getJsonNumber("id"));
            }
        }
    }

    /** Checks every invariant; {@code startAitbc}/{@code startBtc} are each trader's funds before it traded. */
    static void check(ExchangeSite site, List<Trader> traders, long startAitbc, long startBtc) {
        long sumAitbc = 0;
        long sumBtc = 0;
        Map<Long, Long> tradedPerOrder = new HashMap<>();
        Map<Long, JsonObject> ordersById = new HashMap<>();
        for (Trader t : traders) {
            JsonObject b = site.get(t, "/exchange/api/wallet/balance").json();
            long aAvail = b.getJsonObject("aitbc").getJsonNumber("available").longValue();
            long aRes = b.getJsonObject("aitbc").getJsonNumber("reserved").longValue();
            long bAvail = b.getJsonObject("btc").getJsonNumber("available").longValue();
            long bRes = b.getJsonObject("btc").getJsonNumber("reserved").longValue();
            assertTrue(aAvail >= 0 && aRes >= 0 && bAvail >= 0 && bRes >= 0, "negative balance: " + b);
            assertEquals(0, aRes, "nothing reserved once every order is final: " + b);
            assertEquals(0, bRes, "nothing reserved once every order is final: " + b);
            long expectAitbc = startAitbc;
            long expectBtc = startBtc;
            for (JsonValue v : site.get(t, "/exchange/api/my/trades?limit=10000").json().getJsonArray("trades")) {
                JsonObject tr = v.asJsonObject();
                long amount = tr.getJsonNumber("amount").longValue();
                long quote = tr.getJsonNumber("quote").longValue();
                assertEquals(Market.quote(amount, tr.getJsonNumber("price").longValue()), quote);
                boolean buyer = "BUY".equals(tr.getString("role"));
                expectAitbc += buyer ? amount : -amount;
                expectBtc += buyer ? -quote : quote;
                tradedPerOrder.merge(tr.getJsonNumber("order_id").longValue(), amount, Long::sum);
            }
            assertEquals(expectAitbc, aAvail, "AITBC = start + bought - sold for " + t.address());
            assertEquals(expectBtc, bAvail, "BTC = start - paid + received for " + t.address());
            sumAitbc += aAvail;
            sumBtc += bAvail;
            for (JsonValue v : site.get(t, "/exchange/api/my/orders?limit=10000").json().getJsonArray("orders")) {
                JsonObject o = v.asJsonObject();
                ordersById.put(o.getJsonNumber("id").longValue(), o);
            }
        }
        assertEquals(startAitbc * traders.size(), sumAitbc, "AITBC conserved");
        assertEquals(startBtc * traders.size(), sumBtc, "BTC credit conserved");
        for (JsonObject o : ordersById.values()) {
            long filled = o.getJsonNumber("filled").longValue();
            long amount = o.getJsonNumber("amount").longValue();
            assertTrue(filled <= amount, "overfilled: " + o);
            assertEquals(tradedPerOrder.getOrDefault(o.getJsonNumber("id").longValue(), 0L), filled,
                    "filled is the sum of the order's trades: " + o);
            String status = o.getString("status");
            if (filled == amount) {
                assertEquals("FILLED", status, o.toString());
            } else {
                assertTrue(status.equals("CANCELED") || (filled > 0 ? status.equals("PARTIALLY_FILLED")
                        : status.equals("OPEN")), o.toString());
            }
        }
    }
}
