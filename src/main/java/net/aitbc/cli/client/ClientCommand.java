package net.aitbc.cli.client;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.aitbc.chain.client.ChainClient;
import net.aitbc.chain.crypto.Ed25519;
import net.aitbc.chain.protocol.EscrowPayload;
import net.aitbc.chain.protocol.JsonCodec;
import net.aitbc.chain.protocol.SignedTx;
import net.aitbc.chain.protocol.TxType;
import net.aitbc.cli.ToolVersion;
import net.aitbc.cli.CliException;
import net.aitbc.cli.ServerApi;
import net.aitbc.cli.chain.ChainCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code aitbc client}: a client's jobs at the coordinator (coordinator.md). {@code submit --pay N} does the whole
 * paid flow in one step: the job, the ESCROW_LOCK signed here by the wallet (the key never leaves this machine),
 * and the payment that hands the signed lock to the coordinator.
 */
@Command(name = "client", mixinStandardHelpOptions = true, versionProvider = ToolVersion.class,
        description = "Jobs at the coordinator: submit (and pay), status, wait, result, receipt, cancel, jobs.",
        subcommands = {ClientCommand.Submit.class, ClientCommand.Status.class, ClientCommand.Wait.class,
            ClientCommand.Result.class, ClientCommand.Receipt.class, ClientCommand.Cancel.class,
            ClientCommand.Jobs.class})
public final class ClientCommand implements Runnable {

    static final Set<String> FINAL = Set.of("COMPLETED", "FAILED", "CANCELED", "EXPIRED");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(),
                "missing client command: submit, status, wait, result, receipt, cancel or jobs");
    }

    static String segment(String id) {
        return URLEncoder.encode(id.strip(), StandardCharsets.UTF_8);
    }

    /** The commands that name one job. */
    abstract static class OneJob extends ChainCommand {
        @Parameters(index = "0", paramLabel = "JOB_ID", description = "The job's id.")
        String jobId;

        ServerApi coordinator() {
            return global.server().requireKey();
        }

        String path(String suffix) {
            return "/v1/jobs/" + segment(jobId) + suffix;
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = {"Submit an LLM job; with --pay N also lock N in escrow from the wallet and pay with it.",
                "Prints the job id (and the escrow lock's tx hash); --wait then follows it to its end."})
    static final class Submit extends ChainCommand {
        @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "The prompt.")
        String prompt;

        @Option(names = "--model", required = true, paramLabel = "MODEL", description = "e.g. llama3.2:latest")
        String model;

        @Option(names = "--pay", paramLabel = "N", description = "Escrow N (the chain's unit) from the wallet.")
        Long pay;

        @Option(names = "--ttl-seconds", paramLabel = "S", description = "Expire the job after S seconds "
                + "(the coordinator's default: 900).")
        Integer ttlSeconds;

        @Option(names = "--wait", description = "Wait for the job to end, with progress, and print its result.")
        boolean waitForEnd;

        @Option(names = "--timeout-seconds", paramLabel = "S", defaultValue = "900",
                description = "With --wait: give up after S seconds.")
        int timeoutSeconds;

        @Override
        public void run() {
            if (pay != null && pay <= 0) {
                throw new ParameterException(spec.commandLine(), "--pay must be positive");
            }
            if (prompt.isBlank() || model.isBlank()) {
                throw new ParameterException(spec.commandLine(), "--prompt and --model must not be empty");
            }
            ServerApi coordinator = global.server().requireKey();
            // the key first: a wrong password should stop us before a job exists
            Ed25519.KeyPair key = pay == null ? null : unlock();
            JsonObjectBuilder body = JsonCodec.createObjectBuilder().add("payload", JsonCodec.createObjectBuilder()
                    .add("model", model.strip()).add("prompt", prompt)).add("constraints",
                    JsonCodec.createObjectBuilder().add("models", JsonCodec.createArrayBuilder().add(model.strip())));
            if (pay != null) {
                body.add("payment_amount", pay);
            }
            if (ttlSeconds != null) {
                body.add("ttl_seconds", ttlSeconds);
            }
            JsonObject job = coordinator.post("/v1/jobs", body.build());
            String jobId = job.getString("job_id");
            JsonObjectBuilder answer = JsonCodec.createObjectBuilder().add("job_id", jobId)
                    .add("state", job.getString("state", "QUEUED"));
            String lockTx = null;
            if (key != null) {
                lockTx = pay(coordinator, job, key);
                answer.add("escrow_tx", lockTx).add("payment_amount", pay);
            }
            if (!waitForEnd) {
                out().message("job " + jobId + " submitted" + (lockTx == null ? "" : ", escrow lock " + lockTx),
                        answer.build());
                return;
            }
            out().progress(spec, "job " + jobId + " submitted" + (lockTx == null ? "" : ", escrow lock " + lockTx));
            JsonObject end = Waiting.untilFinal(coordinator, jobId, timeoutSeconds, line -> out().progress(spec, line));
            Waiting.report(out(), coordinator, end, answer);
        }

        private String pay(ServerApi coordinator, JsonObject job, Ed25519.KeyPair key) {
            JsonObject p = job.getJsonObject("payment");
            if (p == null) {
                throw new CliException("the coordinator asked for no payment for job " + job.getString("job_id"));
            }
            ChainClient chain = global.chain();
            long nonce = chain.balance(key.address()).nextNonce();
            long fee = p.get("fee") instanceof JsonNumber n ? n.longValue() : fee(chain, null);
            SignedTx lock = SignedTx.sign(p.getString("chain_id"), TxType.ESCROW_LOCK, nonce, fee,
                    EscrowPayload.lock(p.getJsonNumber("amount").longValue(), p.getString("arbiter"),
                            p.getJsonNumber("expires_at_height").longValue(), p.getString("reference")), key);
            JsonObject paid = coordinator.post("/v1/payments", JsonCodec.createObjectBuilder()
                    .add("job_id", job.getString("job_id")).add("amount", p.getJsonNumber("amount").longValue())
                    .add("payment_tx", lock.toWire()).build());
            return paid.get("escrow_tx") instanceof JsonString s ? s.getString() : lock.hash();
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "The job's state and payment.")
    static final class Status extends OneJob {
        @Override
        public void run() {
            out().record(coordinator().get(path("")));
        }
    }

    @Command(name = "wait", mixinStandardHelpOptions = true,
            description = {"Follow the job to its end, printing each change of state; then its result.",
                "Exit code 0 when it COMPLETED, 1 when it FAILED, was CANCELED or EXPIRED, or the wait timed out."})
    static final class Wait extends OneJob {
        @Option(names = "--timeout-seconds", paramLabel = "S", defaultValue = "900", description = "Give up after S s.")
        int timeoutSeconds;

        @Override
        public void run() {
            ServerApi c = coordinator();
            JsonObject end = Waiting.untilFinal(c, jobId.strip(), timeoutSeconds, line -> out().progress(spec, line));
            Waiting.report(out(), c, end, JsonCodec.createObjectBuilder().add("job_id", jobId.strip()));
        }
    }

    @Command(name = "result", mixinStandardHelpOptions = true, description = "The result of a COMPLETED job.")
    static final class Result extends OneJob {
        @Override
        public void run() {
            JsonObject r = coordinator().get(path("/result"));
            JsonValue result = r.get("result");
            out().message(Waiting.text(result), r);
        }
    }

    @Command(name = "receipt", mixinStandardHelpOptions = true,
            description = "The job's signed receipt as JSON (check it with: aitbc verify receipt FILE).")
    static final class Receipt extends OneJob {
        @Option(names = "--out", paramLabel = "FILE", description = "Also write it to FILE.")
        java.nio.file.Path file;

        @Override
        public void run() {
            JsonObject receipt = coordinator().get(path("/receipt"));
            if (file != null) {
                try {
                    java.nio.file.Files.writeString(file, receipt.toString(), StandardCharsets.UTF_8);
                } catch (java.io.IOException e) {
                    throw new CliException("cannot write " + file + ": " + e.getMessage());
                }
            }
            spec.commandLine().getOut().println(receipt);
            spec.commandLine().getOut().flush();
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancel a QUEUED or RUNNING job; its escrow is refunded.")
    static final class Cancel extends OneJob {
        @Override
        public void run() {
            JsonObject v = coordinator().post(path("/cancel"), JsonValue.EMPTY_JSON_OBJECT);
            out().message("job " + v.getString("job_id", jobId) + " is " + v.getString("state", "?"), v);
        }
    }

    @Command(name = "jobs", mixinStandardHelpOptions = true, description = "Your jobs, newest first.")
    static final class Jobs extends ChainCommand {
        @Option(names = "--state", paramLabel = "STATE", description = "QUEUED, RUNNING, COMPLETED, FAILED, CANCELED "
                + "or EXPIRED.")
        String state;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "20", description = "At most N.")
        int limit;

        @Override
        public void run() {
            String q = "?limit=" + limit + (state == null ? "" : "&state=" + segment(state.toUpperCase(Locale.ROOT)));
            JsonObject all = global.server().requireKey().get("/v1/jobs" + q);
            out().table(all, all.getJsonArray("jobs"), List.of("job_id", "state", "payment_status", "requested_at"),
                    "no jobs");
        }
    }
}
