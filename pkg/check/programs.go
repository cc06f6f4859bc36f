package check

import (
	"fmt"
	"slices"

	"github.com/imgaudit/imgaudit/layers"
	"github.com/imgaudit/imgaudit/pkg/result"
)

// program is a tool a check looks for by its package and its binary.
type program struct {
	name     string
	packages []string // package names in dpkg and apk
	binaries []string // where the binary lives
}

var sudoPrograms = []program{
	{"sudo", []string{"sudo", "sudo-ldap"},
		[]string{"/usr/bin/sudo", "/bin/sudo", "/usr/local/bin/sudo"}},
	{"doas", []string{"doas", "opendoas"}, []string{"/usr/bin/doas", "/bin/doas"}},
}

var sshServers = []program{
	{"sshd", []string{"openssh-server", "openssh-server-pam", "openssh-sshd"},
		[]string{"/usr/sbin/sshd", "/usr/bin/sshd", "/sbin/sshd"}},
	{"dropbear", []string{"dropbear"}, []string{"/usr/sbin/dropbear", "/usr/bin/dropbear"}},
}

// installed finds a program by its binary or its package; found is false
// when neither is in the final filesystem.
func (in *Input) installed(p program) (bin *layers.Entry, pk pkg, found bool) {
	for _, b := range p.binaries {
		e := in.Index.Resolve(b)
		if e != nil && e.Kind == layers.File {
			// Report the name the program is known by, not where a link leads.
			bin = &layers.Entry{Path: b, Layer: e.Layer}
			break
		}
	}
	pkgs := in.installedPackages()
	i := slices.IndexFunc(pkgs, func(q pkg) bool { return slices.Contains(p.packages, q.name) })
	if i >= 0 {
		pk = pkgs[i]
	}
	return bin, pk, bin != nil || i >= 0
}

// programFindings reports each of progs that is installed, with advice.
func (in *Input) programFindings(progs []program, sev result.Severity,
	advice string) []result.Finding {
	var out []result.Finding
	for _, p := range progs {
		bin, pk, found := in.installed(p)
		if !found {
			continue
		}
		what := p.name + " is installed"
		if pk.name != "" {
			what += fmt.Sprintf(" (package %s %s)", pk.name, pk.version)
		}
		if bin != nil {
			what += " at " + showPath(bin.Path)
		}
		f := result.Finding{Severity: sev, Message: what + "; " + advice}
		if bin != nil {
			f = in.at(f, bin)
		}
		out = append(out, f)
	}
	return out
}

func sudoInstalled(in *Input) []result.Finding {
	return in.programFindings(sudoPrograms, result.Medium,
		"remove it and run the service as the user it needs, since a container "+
			"has no use for switching users")
}

func sshServer(in *Input) []result.Finding {
	return in.programFindings(sshServers, result.Medium,
		"remove it and use docker exec or kubectl exec to get a shell, so no "+
			"login service or host key ships in the image")
}
