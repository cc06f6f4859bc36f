package check

import (
	"slices"
	"testing"

	v1 "github.com/google/go-containerregistry/pkg/v1"

	"github.com/imgaudit/imgaudit/pkg/result"
)

// TestRealisticSSHAndSudo installs sudo and an SSH server with apt, as
// images built like virtual machines do: the packages, their setuid
// helpers, and the host keys the server's postinst generates, which every
// container started from the image then shares.
func TestRealisticSSHAndSudo(t *testing.T) {
	pkgs := append(slices.Clone(debianSlimPackages), "sudo 1.9.13p3-1+deb12u1",
		"openssh-client 1:9.2p1-2+deb12u2", "openssh-server 1:9.2p1-2+deb12u2",
		"openssh-sftp-server 1:9.2p1-2+deb12u2")
	es := []ent{
		file("var/lib/dpkg/status", dpkgStatus(pkgs...)),
		withMode(exe("usr/bin/sudo", "ELF"), 0o4755), file("etc/sudoers", "root ALL=(ALL) ALL\n"),
		exe("usr/sbin/sshd", "ELF"), exe("usr/bin/ssh", "ELF"),
		withMode(exe("usr/lib/openssh/ssh-keysign", "ELF"), 0o4755),
		file("etc/ssh/sshd_config", "PermitRootLogin no\n"),
		file("etc/ssh/moduli", "20230101 2 6 100 2047 5 C9\n"),
	}
	for _, k := range []string{"rsa", "ecdsa", "ed25519"} {
		es = append(es, withMode(file("etc/ssh/ssh_host_"+k+"_key", sshKey), 0o600),
			file("etc/ssh/ssh_host_"+k+"_key.pub", "ssh-"+k+" AAAAfake root@buildkitsandbox\n"))
	}
	fs := auditLayers(t, v1.Config{Cmd: []string{"/usr/sbin/sshd", "-D"},
		ExposedPorts: map[string]struct{}{"22/tcp": {}}}, debianSlim(),
		step("RUN /bin/sh -c apt-get update && apt-get install -y sudo openssh-server && rm -rf …",
			es...))

	expectChecks(t, fs, map[string]int{"setuid": 13, "healthcheck-missing": 1, "user-root": 1,
		"sudo": 1, "ssh-server": 1, "secret-file": 3})
	expectAt(t, fs, "sudo", "/usr/bin/sudo", 1, result.Medium, "package sudo 1.9.13p3-1+deb12u1")
	expectAt(t, fs, "ssh-server", "/usr/sbin/sshd", 1, result.Medium, "package openssh-server")
	expectAt(t, fs, "secret-file", "/etc/ssh/ssh_host_ed25519_key", 1, result.High,
		"a private key")
}
