package io.ledgerlens.lifecycle;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Shutdown reports kept in local files, one {@code <runId>.json} per run, until the store has them: written before
 * the store is tried, so that a report survives a store that cannot be reached at shutdown.
 */
public final class PendingReports {
    private static final String SUFFIX = ".json";

    private final Path dir;
    private final ObjectMapper mapper;
    private final ObjectWriter writer;

    public PendingReports(Path dir, ObjectMapper mapper) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        // Built now: its serializers are prefetched at start, not inside the shutdown's budget.
        this.writer = mapper.writerFor(ShutdownReport.class);
    }

    public Path dir() {
        return dir;
    }

    /** Writes the report whole or not at all: a file that exists is complete. */
    public Path keep(ShutdownReport report) throws IOException {
        Files.createDirectories(dir);
        final Path file = file(report.runId());
        final Path partial = dir.resolve(report.runId() + SUFFIX + ".partial");
        writer.writeValue(partial.toFile(), report);
        try {
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
        }
        return file;
    }

    public void remove(String runId) throws IOException {
        Files.deleteIfExists(file(runId));
    }

    /** Every kept report's file; none when the directory does not exist. */
    public List<Path> files() throws IOException {
        final List<Path> files = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return files;
        }
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            stream.forEach(files::add);
        }
        files.sort(null);
        return files;
    }

    public ShutdownReport read(Path file) throws IOException {
        return mapper.readValue(file.toFile(), ShutdownReport.class);
    }

    private Path file(String runId) {
        // Run ids are UUIDs; anything else must not name a path outside the directory.
        if (!runId.matches("[A-Za-z0-9._-]{1,100}") || runId.startsWith(".")) {
            throw new IllegalArgumentException("run id not fit for a file name: " + runId);
        }
        return dir.resolve(runId + SUFFIX);
    }
}
