"""Per-host-type shell data: messages, defaults and restrictions, kept as data (no branches elsewhere).

Tags follow reference/hmc-cli.md: [V] verified, [I] inferred, to be confirmed on a real system.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class Flavour:
    name: str                      # "hmc" | "aix"
    shell_name: str                # "bash" | "ksh": prefix of the shell's own messages
    restricted: bool               # rbash rules: no cd, no '/' in command names, no output files
    not_found: str                 # {name}
    syntax_token: str              # {token} {line}
    syntax_eof: str                # {line}
    restricted_redirect: str       # {file}
    restricted_cd: str
    restricted_slash: str          # {name}
    readonly_var: str              # {name}
    no_such_file: str              # {file}
    command_failed: str            # {name}: a command raised an unexpected Python exception
    limit_exceeded: str            # {what}
    internal_error: str            # the interpreter itself failed
    which_not_found: str           # {name} {path} {dirs}
    default_ps1: str | None        # None: the AIX ksh default, "# " for root and "$ " otherwise
    prompt_escapes: bool           # bash decodes \u \h \w in PS1; ksh does not
    echo_escapes: bool             # echo interprets backslash escapes without -e
    lastpipe: bool                 # the last element of a pipeline runs in the current shell (ksh)
    hidden: frozenset[str]         # names that must be "not found" whatever the registry holds
    readonly: frozenset[str]       # variables a restricted shell refuses to change
    env: Mapping[str, str]         # exported defaults; {user} {home} {hostname} are filled in
    root_home: str
    user_home: str                 # {user}
    bin_dirs: tuple[str, ...]      # where `which` says a registered utility lives (first wins)
    sysname: str                   # uname -s
    extra_builtins: frozenset[str] = field(default_factory=frozenset)
    # files (harness/world/vfs.py): an output redirection the filesystem refuses, a write that fails
    cannot_create: str = "bash: {file}: {reason}"  # {file} {reason}
    write_failed: str = "bash: {file}: {reason}"
    exec_denied: str = "bash: {name}: Permission denied"  # {name}: a file the user may not run
    # [I] no real shell refuses input for its shape; fakehmc does so the world's loop never stalls
    too_complex: str = "syntax error: input too complex (a line of more than 1000 operators in 4 KB)"

    def home(self, user: str) -> str:
        return self.root_home if user == "root" else self.user_home.format(user=user)


HMC_FLAVOUR = Flavour(
    name="hmc",
    shell_name="bash",
    restricted=True,
    # [V] bond-huang HMC shell doc: "bash: bc: command not found" on V7R7.9 and V9R1.
    not_found="bash: {name}: command not found",
    # [I] stock bash wording; the HMC's hmcbash is bash underneath.
    syntax_token="bash: syntax error near unexpected token `{token}'",
    syntax_eof="bash: syntax error: unexpected end of file",
    # [I] stock rbash says "rbash: ..."; the HMC prints "bash:" for other errors, so we assume it here.
    restricted_redirect="bash: {file}: restricted: cannot redirect output",
    restricted_cd="bash: cd: restricted",
    restricted_slash="bash: {name}: restricted: cannot specify `/' in command names",
    readonly_var="bash: {name}: readonly variable",
    no_such_file="bash: {file}: No such file or directory",
    command_failed="{name}: unexpected error",
    limit_exceeded="bash: {what}",
    internal_error="bash: internal error",
    # [I] GNU which wording with the hscroot PATH.
    which_not_found="which: no {name} in ({path})",
    default_ps1="\\u@\\h:\\w> ",  # [V] "hscroot@<hmc>:~> "
    prompt_escapes=True,
    echo_escapes=False,
    lastpipe=False,
    hidden=frozenset({"awk", "gawk", "nawk", "bc"}),  # [V] absent on the HMC
    readonly=frozenset({"PATH", "SHELL", "ENV", "BASH_ENV"}),
    env=MappingProxyType({
        "PATH": "/hmcrbin:/usr/hmcrbin",  # [I]
        "HOME": "{home}",
        "USER": "{user}",
        "LOGNAME": "{user}",
        "SHELL": "/bin/hmcbash",  # [I]
        "HOSTNAME": "{hostname}",
    }),
    root_home="/root",
    user_home="/home/{user}",
    bin_dirs=("/usr/bin", "/bin"),
    sysname="Linux",
)

AIX_FLAVOUR = Flavour(
    name="aix",
    shell_name="ksh",
    restricted=False,
    not_found="ksh: {name}:  not found.",  # [I] AIX ksh wording, two spaces before "not found."
    syntax_token="ksh: 0403-057 Syntax error at line {line} : `{token}' is not expected.",  # [I]
    syntax_eof="ksh: 0403-057 Syntax error at line {line} : end of file is not expected.",  # [I]
    restricted_redirect="ksh: {file}: restricted",
    restricted_cd="ksh: cd: restricted",
    restricted_slash="ksh: {name}: restricted",
    readonly_var="ksh: {name}: is read only",  # [I]
    no_such_file="ksh: {file}: 0403-016 Cannot find or open the file.",  # [I]
    command_failed="{name}: unexpected error",
    limit_exceeded="ksh: {what}",
    internal_error="ksh: internal error",
    which_not_found="which: 0652-141 There is no {name} in {dirs}.",  # [I]
    default_ps1=None,
    prompt_escapes=False,
    echo_escapes=True,  # [I] AIX ksh echo behaves like /usr/bin/echo (escapes always on)
    lastpipe=True,      # ksh runs the last pipeline element in the current shell
    hidden=frozenset(),
    readonly=frozenset(),
    env=MappingProxyType({
        "PATH": "/usr/bin:/etc:/usr/sbin:/usr/ucb:/usr/bin/X11:/sbin:/usr/java8_64/jre/bin:/usr/java8_64/bin",  # [I]
        "HOME": "{home}",
        "USER": "{user}",
        "LOGNAME": "{user}",
        "SHELL": "/usr/bin/ksh",
        "TERM": "vt100",  # [I]
    }),
    root_home="/",
    user_home="/home/{user}",
    bin_dirs=("/usr/bin", "/bin"),
    sysname="AIX",
    extra_builtins=frozenset({"print", "whence"}),
    # [I] ksh88's wording for any output redirection it cannot open, whatever the errno
    cannot_create="ksh: {file}: 0403-005 Cannot create the specified file.",
    # [I] the errno text after the file, as AIX commands print a failed write
    write_failed="ksh: {file}: {reason}",
    # [V] `sh: ./a.out: 0403-006 Execute permission denied.` in a capture; ksh prints "ksh:"
    exec_denied="ksh: {name}: 0403-006 Execute permission denied.",
)

# padmin's login shell on a Virtual I/O Server: AIX ksh in restricted mode (rksh) whose PATH holds the
# ioscli commands (/usr/ios/cli) [V: the restricted shell refuses cd, '/' in command names and output
# redirection; I: the messages use the ksh93 "restricted" wording with the rksh prefix].
VIOS_FLAVOUR = Flavour(
    name="vios",
    shell_name="rksh",
    restricted=True,
    not_found="rksh: {name}:  not found.",  # [I] AIX ksh wording under the rksh name
    syntax_token="rksh: 0403-057 Syntax error at line {line} : `{token}' is not expected.",  # [I]
    syntax_eof="rksh: 0403-057 Syntax error at line {line} : end of file is not expected.",  # [I]
    restricted_redirect="rksh: {file}: restricted",  # [I]
    restricted_cd="rksh: cd: restricted",  # [I]
    restricted_slash="rksh: {name}: restricted",  # [I]
    readonly_var="rksh: {name}: is read only",  # [I]
    no_such_file="rksh: {file}: 0403-016 Cannot find or open the file.",  # [I]
    command_failed="{name}: unexpected error",
    limit_exceeded="rksh: {what}",
    internal_error="rksh: internal error",
    which_not_found="which: 0652-141 There is no {name} in {dirs}.",  # [I]
    default_ps1=None,  # "$ " for padmin [V: captures show the "$ " prompt]
    prompt_escapes=False,
    echo_escapes=True,
    lastpipe=True,
    hidden=frozenset(),
    readonly=frozenset({"PATH", "SHELL", "ENV"}),  # [V] rksh refuses to set them
    env=MappingProxyType({
        "PATH": "/usr/ios/cli:/usr/ios/utils:/usr/ios/lpm/bin:/usr/ios/oem:/usr/ios/ldw/bin:/home/padmin",  # [I]
        "HOME": "{home}",
        "USER": "{user}",
        "LOGNAME": "{user}",
        "SHELL": "/usr/bin/rksh",  # [I]
        "TERM": "vt100",  # [I]
    }),
    root_home="/",
    user_home="/home/{user}",
    bin_dirs=("/usr/ios/utils",),  # [I] where padmin's text utilities live
    sysname="AIX",
    extra_builtins=frozenset({"print", "whence"}),
)

FLAVOURS = {"hmc": HMC_FLAVOUR, "aix": AIX_FLAVOUR, "vios": VIOS_FLAVOUR}


def get_flavour(name_or_flavour: str | Flavour) -> Flavour:
    if isinstance(name_or_flavour, Flavour):
        return name_or_flavour
    return FLAVOURS[name_or_flavour]
