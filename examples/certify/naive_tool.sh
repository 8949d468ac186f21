#!/bin/sh
# A naive DLPAR "fixer" (sshpass + ssh): for every partition the HMC says cannot do DLPAR, restart
# RMC and then *always* run recfgct. fakehmc certify fails it on purpose wherever recfgct is wrong
# (a CAA node, a full /var, a stopped RMC, a bad route):
#
#     fakehmc certify --tool "sh examples/certify/naive_tool.sh" --scenarios all
#
# Reads FAKEHMC_HMC_ADDRESS/PORT/USER/PASSWORD and FAKEHMC_HOSTS_JSON (one host per line).
set -u

SSH_OPTS="-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null -o LogLevel=ERROR -o PubkeyAuthentication=no"

hmc() {
    sshpass -p "$FAKEHMC_HMC_PASSWORD" ssh $SSH_OPTS -p "$FAKEHMC_HMC_PORT" \
        "$FAKEHMC_HMC_USER@$FAKEHMC_HMC_ADDRESS" "$1"
}

# field NAME KEY: a host's address, port, username or password from the JSON file
field() {
    grep "\"name\": \"$1\"" "$FAKEHMC_HOSTS_JSON" | sed -n "s/.*\"$2\": \"\{0,1\}\([^\",}]*\).*/\1/p"
}

lpar() {
    sshpass -p "$(field "$1" password)" ssh $SSH_OPTS -p "$(field "$1" port)" \
        "$(field "$1" username)@$(field "$1" address)" "$2"
}

broken=""
for sys in $(hmc "lssyscfg -r sys -F name"); do
    # name,dlpar_mem_capable: 0 means the HMC cannot DLPAR it
    for line in $(hmc "lssyscfg -r lpar -m $sys -F name,dlpar_mem_capable"); do
        case "$line" in *,0) broken="$broken ${line%,0}" ;; esac
    done
done

if [ -z "$broken" ]; then
    echo "all partitions DLPAR-capable"
    exit 0
fi

for name in $broken; do
    echo "== $name: DCaps 0x0, resetting RSCT"
    lpar "$name" "/usr/sbin/rsct/bin/rmcctrl -z; /usr/sbin/rsct/bin/rmcctrl -A; /usr/sbin/rsct/bin/rmcctrl -p"
    lpar "$name" "/usr/sbin/rsct/install/bin/recfgct" || echo "recfgct failed on $name"
done
echo "done"
exit 0
