package io.ledgerlens.e2e;

import io.ledgerlens.testsupport.RedisProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** Each test gets its own redis-server, SQLite directory and (not yet started) service child JVM. */
abstract class ChildServiceTest {
    @TempDir
    Path dir;
    RedisProcess redis;
    ServiceProcess service;

    @BeforeEach
    void startRedis() {
        redis = RedisProcess.start();
        service = new ServiceProcess(dir, redis.url());
    }

    @AfterEach
    void stopEverything() {
        service.close();
        redis.close();
    }
}
