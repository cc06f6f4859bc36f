package source

import (
	"bytes"
	"encoding/base64"
	"log"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/logs"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"

	"github.com/imgaudit/imgaudit/layers"
)

// staticKeychain hands out one login for every registry.
type staticKeychain struct{ user, pass string }

func (k staticKeychain) Resolve(authn.Resource) (authn.Authenticator, error) {
	return &authn.Basic{Username: k.user, Password: k.pass}, nil
}

// TestCredentialsStayOutOfLogsAndErrors reads an image from a registry that
// needs a login, with ggcr's debug log of every request and answer on, and
// wants neither the log nor the error of a refused login to hold the
// password or the Authorization header that carries it.
func TestCredentialsStayOutOfLogsAndErrors(t *testing.T) {
	const user, pass = "ci-bot", "hunter2-VvXxYyZzQqRrSs"
	host := startRegistry(t, user, pass)
	img, err := random.Image(4096, 2)
	if err != nil {
		t.Fatal(err)
	}
	push(t, host+"/app:1", img, remote.WithAuth(&authn.Basic{Username: user, Password: pass}))

	var debug bytes.Buffer
	saved := logs.Debug
	logs.Debug = log.New(&debug, "", 0)
	t.Cleanup(func() { logs.Debug = saved })

	opened, err := Open(t.Context(), "registry:"+host+"/app:1",
		Options{Keychain: staticKeychain{user, pass}})
	if err != nil {
		t.Fatalf("Open with the right login: %v", err)
	}
	defer opened.Close()
	if _, err := layers.Walk(t.Context(), opened.Image, layers.Options{}); err != nil {
		t.Fatalf("Walk: %v", err)
	}
	if !strings.Contains(debug.String(), "GET ") {
		t.Fatal("the debug log is empty; the test no longer sees what it would leak")
	}

	wrong := "wrong-PpQqRrSsTtUuVv"
	_, err = Open(t.Context(), "registry:"+host+"/app:1",
		Options{Keychain: staticKeychain{user, wrong}})
	if err == nil {
		t.Fatal("Open with a wrong password succeeded")
	}

	for where, text := range map[string]string{"debug log": debug.String(),
		"error": err.Error()} {
		for _, p := range []string{pass, wrong} {
			basic := base64.StdEncoding.EncodeToString([]byte(user + ":" + p))
			if strings.Contains(text, p) || strings.Contains(text, basic) {
				t.Errorf("the %s holds a password or the header that carries it", where)
			}
		}
	}
}
