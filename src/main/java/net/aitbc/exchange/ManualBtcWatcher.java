package net.aitbc.exchange;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The devnet's BTC watcher: payments go to the configured {@code BTC_PAYMENT_ADDRESS} and an admin confirms them
 * ({@code POST /exchange/api/admin/payments/{id}/confirm}) after looking at the Bitcoin wallet. A deployment with a
 * Bitcoin backend provides another {@link BtcPaymentWatcher} bean (an alternative) that confirms by itself.
 */
@ApplicationScoped
public class ManualBtcWatcher implements BtcPaymentWatcher {

    @Inject
    @ConfigProperty(name = "BTC_PAYMENT_ADDRESS")
    Optional<String> address;

    @Override
    public String paymentAddress(String paymentId) {
        return address.filter(a -> !a.isBlank()).map(String::strip)
                .orElse("unset: configure BTC_PAYMENT_ADDRESS");
    }

    @Override
    public String name() {
        return "manual";
    }
}
