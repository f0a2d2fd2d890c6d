package net.aitbc.cli;

import picocli.CommandLine;

/** What {@code --version} prints: the jar's Implementation-Version (set when it is packaged), else "dev". */
public final class ToolVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = ToolVersion.class.getPackage().getImplementationVersion();
        return new String[] {"aitbc " + (v == null ? "dev" : v)};
    }
}
