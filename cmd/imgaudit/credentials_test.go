package main_test

import (
	"encoding/base64"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/name"
	"github.com/google/go-containerregistry/pkg/registry"
	"github.com/google/go-containerregistry/pkg/v1/random"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// TestRegistryLoginNeverShown audits an image from a registry that needs a
// login, with the login in DOCKER_CONFIG, once right and once wrong, and
// wants neither run to print the password or the header that carries it.
func TestRegistryLoginNeverShown(t *testing.T) {
	const user, pass, wrong = "ci-bot", "GhJkLmNpQrStVwXyZ-pass", "GhJkLmNpQrStVwXyZ-wrong"
	next := registry.New(registry.Logger(log.New(io.Discard, "", 0)))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, p, ok := r.BasicAuth(); !ok || u != user || p != pass {
			w.Header().Set("WWW-Authenticate", `Basic realm="test"`)
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	host := strings.TrimPrefix(srv.URL, "http://")

	img, err := random.Image(4096, 1)
	if err != nil {
		t.Fatal(err)
	}
	tag, err := name.NewTag(host+"/app:1", name.Insecure)
	if err != nil {
		t.Fatal(err)
	}
	login := remote.WithAuth(&authn.Basic{Username: user, Password: pass})
	if err := remote.Write(tag, img, login); err != nil {
		t.Fatal(err)
	}

	bin := buildTool(t, ".")
	for _, tt := range []struct {
		name, pass string
		want       int
	}{{"right login", pass, 0}, {"wrong login", wrong, 2}} {
		t.Run(tt.name, func(t *testing.T) {
			cfg := t.TempDir()
			auth := base64.StdEncoding.EncodeToString([]byte(user + ":" + tt.pass))
			doc := fmt.Sprintf(`{"auths": {%q: {"auth": %q}}}`, host, auth)
			if err := os.WriteFile(filepath.Join(cfg, "config.json"), []byte(doc), 0o600); err != nil {
				t.Fatal(err)
			}

			o := runIsolated(t, secretsLimit, []string{"DOCKER_CONFIG=" + cfg}, bin,
				"--format", "json", "--fail-on", "none", "registry:"+host+"/app:1")
			if o.code != tt.want {
				t.Fatalf("exit status %d, want %d; stderr:\n%s", o.code, tt.want, o.stderr)
			}
			for _, text := range []string{o.stdout, o.stderr} {
				if strings.Contains(text, tt.pass) || strings.Contains(text, auth) {
					t.Error("the output holds the password or the header that carries it")
				}
			}
		})
	}
}
