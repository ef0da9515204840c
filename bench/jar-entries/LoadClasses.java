import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Loads (without initialising) every class named in a file, one per line, through the application class loader,
 * and prints how long that took. Run with the jar under test as the class path: java -cp JAR LoadClasses.java LIST
 */
public class LoadClasses {
    public static void main(String[] args) throws Exception {
        final List<String> names = Files.readAllLines(Path.of(args[0]));
        final ClassLoader loader = ClassLoader.getSystemClassLoader();
        int loaded = 0;
        final long start = System.nanoTime();
        for (String name : names) {
            try {
                Class.forName(name, false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError e) {
                // A class generated at run time, or one that needs another that is absent: not the point here.
            }
        }
        System.out.printf("%d of %d classes loaded in %d ms%n", loaded, names.size(),
                (System.nanoTime() - start) / 1_000_000);
    }
}
