# Sourced by test_graceful_shutdown.sh and bench/compare.sh: free_port prints a free loopback port.
# Ports come from below the kernel's ephemeral range: a port inside it can be taken by any outgoing connection
# between this check and the bind (CI saw "Address already in use" that way). Each port is handed out once,
# recorded in the file named by $handed, which the caller creates.
port_high=$(( $(cut -f1 /proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || echo 32768) - 1 ))
[ "$port_high" -gt 12000 ] || port_high=30000
free_port() {
  local p
  while :; do
    p=$(( 10000 + RANDOM % (port_high - 10000) ))
    grep -qx "$p" "$handed" && continue
    (echo >/dev/tcp/127.0.0.1/$p) 2>/dev/null && continue
    echo "$p" >> "$handed"
    echo "$p"
    return
  done
}
