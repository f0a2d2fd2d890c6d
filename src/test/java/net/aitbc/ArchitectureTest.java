package net.aitbc;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import net.aitbc.platform.error.ApiException;
import net.aitbc.platform.security.EncryptedKeyFile;

/**
 * The package rules of the brief, checked on every build: no package cycles; platform imports no feature; the
 * chain imports no other feature; features reach the chain only through its gateway, client and wire types;
 * the client library stands alone (what the command-line tool and the miner are built from); no grab-bag names.
 */
@AnalyzeClasses(packages = "net.aitbc", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    private static final String[] FEATURES = {"net.aitbc.coordinator..", "net.aitbc.exchange..",
        "net.aitbc.marketplace..", "net.aitbc.identity..", "net.aitbc.wallet..", "net.aitbc.cli.."};

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("net.aitbc.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule platformImportsNoFeature = noClasses().that().resideInAPackage("net.aitbc.platform..")
            .should().dependOnClassesThat().resideInAnyPackage(concat("net.aitbc.chain..", FEATURES));

    @ArchTest
    static final ArchRule chainImportsNoOtherFeature = noClasses().that().resideInAPackage("net.aitbc.chain..")
            .should().dependOnClassesThat().resideInAnyPackage(FEATURES);

    @ArchTest
    static final ArchRule featuresUseTheChainThroughItsGateway = noClasses().that().resideInAnyPackage(FEATURES)
            .should().dependOnClassesThat().resideInAnyPackage("net.aitbc.chain.ledger..", "net.aitbc.chain.mempool..",
                    "net.aitbc.chain.consensus..", "net.aitbc.chain.sync..", "net.aitbc.chain.node..",
                    "net.aitbc.chain.rpc..", "net.aitbc.chain.config..");

    @ArchTest
    static final ArchRule theClientLibraryStandsAlone = classes().that()
            .resideInAnyPackage("net.aitbc.chain.crypto..", "net.aitbc.chain.protocol..", "net.aitbc.chain.client..")
            .should().onlyDependOnClassesThat(JavaClass.Predicates.resideInAnyPackage("java..", "jakarta.json..",
                    "org.bouncycastle..", "org.erdtman.jcs..", "net.aitbc.chain.crypto..", "net.aitbc.chain.protocol..",
                    "net.aitbc.chain.client..").or(JavaClass.Predicates.equivalentTo(ApiException.class)))
            .because("the chain-client jar holds these packages and ApiException only");

    @ArchTest
    static final ArchRule theToolIsMadeFromTheClientLibrary = classes().that().resideInAPackage("net.aitbc.cli..")
            .should().onlyDependOnClassesThat(JavaClass.Predicates.resideInAnyPackage("java..", "jakarta.json..",
                    "picocli..", "org.bouncycastle..", "org.erdtman.jcs..", "net.aitbc.chain.crypto..",
                    "net.aitbc.chain.protocol..", "net.aitbc.chain.client..", "net.aitbc.cli..")
                    .or(JavaClass.Predicates.equivalentTo(ApiException.class))
                    .or(JavaClass.Predicates.equivalentTo(EncryptedKeyFile.class)))
            .because("aitbc.jar holds the chain-client classes, the key file format and net.aitbc.cli, never the WAR");

    @ArchTest
    static final ArchRule noGrabBagNames = noClasses().should().haveSimpleNameEndingWith("Manager")
            .orShould().haveSimpleNameEndingWith("Util").orShould().haveSimpleNameEndingWith("Utils")
            .orShould().haveSimpleNameEndingWith("Helper").orShould().haveSimpleNameEndingWith("Helpers");

    private static String[] concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
