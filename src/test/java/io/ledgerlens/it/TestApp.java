package io.ledgerlens.it;

import io.ledgerlens.LedgerLensApplication;
import io.ledgerlens.lifecycle.ProcessExit;

import java.util.concurrent.CompletableFuture;

/** The real application in the test JVM, with an exit that is recorded instead of carried out. */
public class TestApp extends LedgerLensApplication {
    public final CompletableFuture<Integer> exitCode = new CompletableFuture<>();

    @Override
    protected Runnable loggingFlush() {
        return () -> { };
    }

    @Override
    protected ProcessExit processExit() {
        return new ProcessExit() {
            @Override
            public void exit(int code) {
                exitCode.complete(code);
            }

            @Override
            public void halt(int code) {
                exitCode.complete(code);
            }
        };
    }
}
