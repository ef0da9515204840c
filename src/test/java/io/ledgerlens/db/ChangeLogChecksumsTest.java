package io.ledgerlens.db;

import liquibase.ChecksumVersion;
import liquibase.Scope;
import liquibase.changelog.ChangeLogParameters;
import liquibase.changelog.ChangeSet;
import liquibase.changelog.DatabaseChangeLog;
import liquibase.parser.ChangeLogParserFactory;
import liquibase.resource.ClassLoaderResourceAccessor;
import liquibase.resource.ResourceAccessor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * {@value AppliedChangeSets#CHECKSUMS} against the change log as Liquibase reads it: the same change sets in the same
 * order, with the checksums Liquibase computes. When a change set is added or changed, this fails and prints the
 * lines the file must hold; until then no start could skip Liquibase on a database that lacks the change.
 */
class ChangeLogChecksumsTest {

    @Test
    void theChecksumFileListsEveryChangeSetWithLiquibasesChecksum() throws Exception {
        final List<AppliedChangeSets.Row> computed = computedByLiquibase();
        final String expectedFile = computed.stream().map(AppliedChangeSets.Row::line)
                .collect(Collectors.joining("\n"));
        assertThat(AppliedChangeSets.expected())
                .as("%s is out of date with %s; its change-set lines must be:%n%s", AppliedChangeSets.CHECKSUMS,
                        Migrations.CHANGELOG, expectedFile)
                .containsExactlyElementsOf(computed);
    }

    @Test
    void linesAreParsedAndMalformedOnesRefused() {
        assertThat(AppliedChangeSets.parse("# comment\n\n1-a ledgerlens ledgerlens 9:abc\n"))
                .containsExactly(new AppliedChangeSets.Row("1-a", "ledgerlens", "ledgerlens", "9:abc"));
        assertThatThrownBy(() -> AppliedChangeSets.parse("1-a ledgerlens 9:abc"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("id author file checksum");
        assertThatThrownBy(() -> AppliedChangeSets.parse("# nothing\n"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no change set");
    }

    private static List<AppliedChangeSets.Row> computedByLiquibase() throws Exception {
        final ResourceAccessor resources = new ClassLoaderResourceAccessor();
        return Scope.child(Map.of(Scope.Attr.resourceAccessor.name(), resources), () -> {
            final DatabaseChangeLog changeLog = ChangeLogParserFactory.getInstance()
                    .getParser(Migrations.CHANGELOG, resources)
                    .parse(Migrations.CHANGELOG, new ChangeLogParameters(), resources);
            return changeLog.getChangeSets().stream().map(ChangeLogChecksumsTest::row).toList();
        });
    }

    private static AppliedChangeSets.Row row(ChangeSet changeSet) {
        return new AppliedChangeSets.Row(changeSet.getId(), changeSet.getAuthor(), changeSet.getFilePath(),
                changeSet.generateCheckSum(ChecksumVersion.latest()).toString());
    }
}
