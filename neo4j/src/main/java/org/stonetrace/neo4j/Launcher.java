package org.stonetrace.neo4j;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Embedded Neo4j with a Bolt connector, the documented recipe for running Neo4j inside a JVM.
 *
 * <p>Usage: {@code Launcher <host> <port> <dataDir> <pageCacheMiB>}, with the password of the
 * {@code neo4j} user in the environment variable {@code STONETRACE_NEO4J_PASSWORD} (an argument would
 * show in every process listing). Bolt requires that password: any local process can reach a
 * loopback port, and the store holds API key hashes. Prints exactly one line starting with
 * {@code NEO4J_READY} once Bolt accepts connections; the Node side waits for it.
 * Stops cleanly on SIGTERM/SIGINT (shutdown hook), so the store is never left needing recovery,
 * and also when its standard input closes: the parent process died without stopping it, and an
 * orphaned database would keep the data directory locked and the port taken.
 */
public final class Launcher {
  private static final String PASSWORD_VARIABLE = "STONETRACE_NEO4J_PASSWORD";
  /**
   * Written once the password has been set (without Bolt listening). Its absence means a new store,
   * or a new password: the Node side removes it when it generates one.
   */
  private static final String PASSWORD_SET_MARKER = "auth-initialised";

  private Launcher() {}

  public static void main(String[] args) throws InterruptedException {
    if (args.length != 4) {
      System.err.println("usage: Launcher <host> <port> <dataDir> <pageCacheMiB>");
      System.exit(2);
    }
    String host = args[0];
    int port = Integer.parseInt(args[1]);
    Path home = Path.of(args[2]).toAbsolutePath();
    long pageCacheMiB = Long.parseLong(args[3]);
    String password = System.getenv(PASSWORD_VARIABLE);
    if (password == null || password.length() < 8) {
      System.err.println(PASSWORD_VARIABLE + " must hold the neo4j user's password (8 characters or more)");
      System.exit(2);
    }

    // A new store's neo4j user has the well-known password "neo4j": set ours before Bolt ever listens,
    // so no local process can log in with the default in between.
    Path marker = home.resolve(PASSWORD_SET_MARKER);
    if (!Files.exists(marker)) {
      DatabaseManagementService offline = build(home, pageCacheMiB, null);
      try {
        setPassword(offline, password);
      } finally {
        offline.shutdown();
      }
      try {
        Files.writeString(marker, "the neo4j user's password was set by the launcher\n");
      } catch (IOException e) {
        throw new IllegalStateException("cannot write " + marker, e);
      }
    }

    DatabaseManagementService dbms = build(home, pageCacheMiB, new SocketAddress(host, port));
    try {
      // Fails fast (and visibly) if the default database cannot start.
      dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).executeTransactionally("RETURN 1");
    } catch (RuntimeException e) {
      // The DBMS's own threads would keep the JVM alive: exit, so the Node side sees the failure.
      e.printStackTrace();
      dbms.shutdown();
      System.exit(1);
    }

    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      dbms.shutdown();
      stopped.countDown();
    }, "neo4j-shutdown"));

    Thread parentWatch = new Thread(() -> {
      try {
        while (System.in.read() != -1) {
          // Input is ignored; only its end matters.
        }
      } catch (java.io.IOException ignored) {
        // Treated like end of input.
      }
      System.exit(0);
    }, "parent-watch");
    parentWatch.setDaemon(true);
    parentWatch.start();

    System.out.println("NEO4J_READY bolt://" + host + ":" + port + " data=" + home);
    System.out.flush();
    stopped.await();
  }

  /** The DBMS with authentication on; Bolt listens on {@code bolt} unless it is null. */
  private static DatabaseManagementService build(Path home, long pageCacheMiB, SocketAddress bolt) {
    return new DatabaseManagementServiceBuilder(home)
        .setConfig(GraphDatabaseSettings.auth_enabled, true)
        .setConfig(BoltConnector.enabled, bolt != null)
        .setConfig(BoltConnector.listen_address, bolt != null ? bolt : new SocketAddress("127.0.0.1", 0))
        .setConfig(HttpConnector.enabled, false)
        .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMiB))
        // One small machine runs the API, the tests and this database side by side.
        // One small machine runs the API, the tests and this database side by side; a caller that
        // sizes the heap for large transactions (the import benchmark) raises this with it.
        .setConfig(GraphDatabaseSettings.memory_transaction_global_max_size,
            ByteUnit.mebiBytes(Long.getLong("stonetrace.transactionMemoryMiB", 512L)))
        .build();
  }

  private static void setPassword(DatabaseManagementService dbms, String password) {
    dbms.database(GraphDatabaseSettings.SYSTEM_DATABASE_NAME).executeTransactionally(
        "ALTER USER neo4j SET PLAINTEXT PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
  }
}
