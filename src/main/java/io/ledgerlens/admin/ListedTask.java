package io.ledgerlens.admin;

import io.dropwizard.servlets.tasks.Task;

import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * A name in Dropwizard's task list ({@code GET /tasks} and the {@code tasks =} banner) for a task that
 * {@link LifecycleTasksServlet} serves on its exact path, which takes precedence over the task servlet's
 * {@code /tasks/*}: the real tasks need 400 and 409 answers that a Dropwizard {@code Task} cannot give.
 */
public final class ListedTask extends Task {
    public ListedTask(String name) {
        super(name);
    }

    /** Not reached while the lifecycle servlet is mapped; says where the task is if it ever is. */
    @Override
    public void execute(Map<String, List<String>> parameters, PrintWriter output) {
        output.println("POST /tasks/" + getName() + " is served by the lifecycle tasks servlet");
    }
}
