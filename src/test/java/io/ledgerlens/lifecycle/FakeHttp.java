package io.ledgerlens.lifecycle;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.TreeMap;

/** Minimal servlet request and response, as dynamic proxies: only what the lifecycle filters and servlets use. */
final class FakeHttp {
    private FakeHttp() {
    }

    static HttpServletRequest request(String uri, Map<String, String> headers) {
        final Map<String, String> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        h.putAll(headers);
        return (HttpServletRequest) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestURI" -> uri;
                    case "getHeader" -> h.get((String) args[0]);
                    case "getMethod" -> "GET";
                    case "toString" -> "request " + uri;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> defaultValue(method);
                });
    }

    static HttpServletRequest request(String uri) {
        return request(uri, Map.of());
    }

    static final class Response {
        private final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        private final StringWriter body = new StringWriter();
        private final PrintWriter writer = new PrintWriter(body);
        private volatile int status = HttpServletResponse.SC_OK;
        private volatile String contentType;
        final HttpServletResponse proxy = (HttpServletResponse) Proxy.newProxyInstance(
                FakeHttp.class.getClassLoader(), new Class<?>[] {HttpServletResponse.class}, this::invoke);

        private Object invoke(Object p, Method method, Object[] args) {
            switch (method.getName()) {
                case "setHeader", "addHeader" -> {
                    synchronized (headers) {
                        headers.put((String) args[0], (String) args[1]);
                    }
                    return null;
                }
                case "getHeader" -> {
                    return header((String) args[0]);
                }
                case "setStatus" -> {
                    status = (Integer) args[0];
                    return null;
                }
                case "getStatus" -> {
                    return status;
                }
                case "setContentType" -> {
                    contentType = (String) args[0];
                    return null;
                }
                case "getContentType" -> {
                    return contentType;
                }
                case "getWriter" -> {
                    return writer;
                }
                case "toString" -> {
                    return "response";
                }
                case "hashCode" -> {
                    return System.identityHashCode(p);
                }
                case "equals" -> {
                    return p == args[0];
                }
                default -> {
                    return defaultValue(method);
                }
            }
        }

        String header(String name) {
            synchronized (headers) {
                return headers.get(name);
            }
        }

        int status() {
            return status;
        }

        String contentType() {
            return contentType;
        }

        String body() {
            writer.flush();
            return body.toString();
        }
    }

    private static Object defaultValue(Method method) {
        final Class<?> type = method.getReturnType();
        if (!type.isPrimitive() || type == void.class) {
            return null;
        }
        if (type == boolean.class) {
            return false;
        }
        if (type == char.class) {
            return '\0';
        }
        if (type == long.class) {
            return 0L;
        }
        if (type == float.class) {
            return 0f;
        }
        if (type == double.class) {
            return 0d;
        }
        if (type == byte.class) {
            return (byte) 0;
        }
        if (type == short.class) {
            return (short) 0;
        }
        return 0;
    }
}
