package check

import (
	"bufio"
	"bytes"
	"encoding/json"
	"path"
	"regexp"
	"strings"

	"github.com/imgaudit/imgaudit/layers"
)

// maxSecretKeep bounds the files kept to be read for credentials: real
// credential files are small, and a bigger file of the same name is not one.
const maxSecretKeep = 1 << 20

// kubeconfigNames are the names a kubeconfig goes by outside ~/.kube/config.
var kubeconfigNames = map[string]bool{
	"kubeconfig": true, "admin.conf": true, "kubelet.conf": true,
	"controller-manager.conf": true, "scheduler.conf": true,
}

// isKubeconfig reports whether p is named like a kubeconfig.
func isKubeconfig(p string) bool {
	name := path.Base(p)
	return kubeconfigNames[name] || strings.HasSuffix(name, ".kubeconfig") ||
		strings.HasSuffix(p, "/.kube/config")
}

// keepSecret reports whether a file is one whose content secretKind reads.
func keepSecret(p string, size int64) bool {
	if size > maxSecretKeep {
		return false
	}
	switch name := path.Base(p); {
	case name == ".npmrc", name == ".pypirc", name == "config.json", isGitConfig(p):
		return true
	case strings.HasSuffix(name, ".pem"), strings.HasSuffix(name, ".key"):
		// A bundle may hold a key after its certificates, past the sniffed head.
		return true
	}
	return isKubeconfig(p)
}

// secretKind says what credential a regular file holds, or "" when it holds
// none that imgaudit knows. What cannot be told without the content is
// judged by the name alone only where the name means a credential store.
func secretKind(e *layers.Entry) string {
	if e == nil || e.Kind != layers.File {
		return ""
	}
	if e.Tags&tagPrivateKey != 0 {
		return "a private key"
	}

	name := path.Base(e.Path)
	switch {
	case name == ".npmrc" && npmrcCredential(e.Content):
		return "an npm registry token"
	case name == ".pypirc" && pypircCredential(e.Content):
		return "a PyPI password or token"
	case (name == ".netrc" || name == "_netrc") && e.Size > 0:
		return "login credentials (.netrc)"
	case name == ".git-credentials" && e.Size > 0:
		return "Git credentials"
	case strings.HasSuffix(e.Path, "/.aws/credentials") && e.Size > 0:
		return "AWS credentials"
	case name == "config.json" && dockerAuths(e.Content):
		return "Docker registry credentials"
	case isKubeconfig(e.Path) && kubeconfigCredential(e.Content):
		return "Kubernetes credentials"
	case isGitConfig(e.Path) && gitRemoteCredential(e.Content):
		return "a Git URL with a password or token"
	case (strings.HasSuffix(name, ".pem") || strings.HasSuffix(name, ".key")) &&
		privateKeyBlock.Match(e.Content):
		return "a private key"
	}
	return ""
}

// isGitConfig reports whether p is a Git configuration file: a user's
// ~/.gitconfig, /etc/gitconfig, or a repository's config in a .git folder or
// in a bare clone of the Go module cache's vcs folder.
func isGitConfig(p string) bool {
	dir, name := path.Split(p)
	return name == ".gitconfig" || p == "/etc/gitconfig" || name == "config" &&
		(path.Base(dir) == ".git" || strings.Contains(dir, "/pkg/mod/cache/vcs/"))
}

// urlUserinfo finds the user information of a URL: "ci:TOKEN" in
// https://ci:TOKEN@host/, "ghp_…" in https://ghp_…@github.com/.
var urlUserinfo = regexp.MustCompile(`[A-Za-z][A-Za-z0-9+.-]*://([^/\s@"']+)@`)

// gitRemoteCredential reports whether a Git configuration holds a URL with
// a password or a token in it, as git clone https://user:TOKEN@host/… or
// git config url."https://TOKEN@github.com/".insteadOf writes one.
func gitRemoteCredential(data []byte) bool {
	for _, m := range urlUserinfo.FindAllSubmatch(data, -1) {
		info := string(m[1])
		if _, pass, ok := strings.Cut(info, ":"); ok && !placeholder(pass) {
			return true
		}
		if credentialValue.MatchString(info) {
			return true
		}
	}
	return false
}

// privateKeyBlock finds a private-key header on a line of its own anywhere in
// a PEM file.
var privateKeyBlock = regexp.MustCompile(`(?m)^-----BEGIN [A-Z0-9 ]*PRIVATE KEY-----\r?$`)

// placeholder reports whether a setting's value is a reference filled in
// at run time, such as ${NPM_TOKEN}, rather than a credential.
func placeholder(v string) bool {
	v = strings.Trim(strings.TrimSpace(v), `"'`)
	return v == "" || strings.HasPrefix(v, "${") || strings.HasPrefix(v, "$(") ||
		strings.HasPrefix(v, "%(")
}

// settings yields the key and value of each "key = value" or "key: value"
// line of an ini-like file, comments skipped.
func settings(data []byte, yield func(key, value string)) {
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line == "" || line[0] == '#' || line[0] == ';' {
			continue
		}
		i := strings.IndexAny(line, "=:")
		if i < 0 {
			continue
		}
		yield(strings.TrimSpace(line[:i]), strings.TrimSpace(line[i+1:]))
	}
}

// npmrcCredential reports whether an .npmrc sets a token or password. The
// key of a scoped setting, "//registry.npmjs.org/:_authToken", holds a
// colon itself, so the key is what follows the last ":" before "=".
func npmrcCredential(data []byte) bool {
	found := false
	sc := bufio.NewScanner(bytes.NewReader(data))
	for sc.Scan() {
		key, value, ok := strings.Cut(strings.TrimSpace(sc.Text()), "=")
		if !ok || strings.HasPrefix(key, "#") || strings.HasPrefix(key, ";") {
			continue
		}
		key = strings.TrimSpace(key[strings.LastIndex(key, ":")+1:])
		switch key {
		case "_authToken", "_auth", "_password", "password":
			found = found || !placeholder(value)
		}
	}
	return found
}

// pypircCredential reports whether a .pypirc sets a password (PyPI tokens
// are passwords too).
func pypircCredential(data []byte) bool {
	found := false
	settings(data, func(key, value string) {
		found = found || (strings.EqualFold(key, "password") && !placeholder(value))
	})
	return found
}

// dockerAuths reports whether a docker config.json stores a credential in
// auths. Entries that a credential helper fills hold no secret.
func dockerAuths(data []byte) bool {
	var cfg struct {
		Auths map[string]struct {
			Auth          string `json:"auth"`
			Password      string `json:"password"`
			IdentityToken string `json:"identitytoken"`
			RegistryToken string `json:"registrytoken"`
		} `json:"auths"`
	}
	if json.Unmarshal(data, &cfg) != nil {
		return false
	}
	for _, a := range cfg.Auths {
		if a.Auth != "" || a.Password != "" || a.IdentityToken != "" || a.RegistryToken != "" {
			return true
		}
	}
	return false
}

// kubeKey matches the user fields of a kubeconfig that carry a credential.
var kubeKey = map[string]bool{
	"token": true, "client-key-data": true, "password": true,
	"id-token": true, "refresh-token": true,
}

// kubeconfigCredential reports whether a kubeconfig carries a token, a
// password or an embedded client key.
func kubeconfigCredential(data []byte) bool {
	if !bytes.Contains(data, []byte("clusters:")) && !bytes.Contains(data, []byte("users:")) {
		return false
	}
	found := false
	settings(data, func(key, value string) {
		key = strings.TrimPrefix(key, "- ")
		found = found || (kubeKey[key] && !placeholder(value))
	})
	return found
}
