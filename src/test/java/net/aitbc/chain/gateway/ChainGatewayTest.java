package net.aitbc.chain.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ChainGatewayTest {

    @Test
    void aServerOnEveryAddressReachesItsOwnNodeOnLoopback() {
        assertEquals("http://127.0.0.1:8000", ChainGateway.ownUrl("*", 8000));
        assertEquals("http://127.0.0.1:8000", ChainGateway.ownUrl("0.0.0.0", 8000));
        assertEquals("http://127.0.0.1:8000", ChainGateway.ownUrl(null, 8000));
    }

    @Test
    void aServerBoundToOneAddressIsReachedThere() {
        // found by ProductionModeIT: site A on 127.0.0.2 looked for its own node on 127.0.0.1
        assertEquals("http://192.168.100.10:8082", ChainGateway.ownUrl("192.168.100.10", 8082));
        assertEquals("http://127.0.0.2:9000", ChainGateway.ownUrl(" 127.0.0.2 ", 9000));
        assertEquals("http://[::1]:8000", ChainGateway.ownUrl("::1", 8000));
    }
}
