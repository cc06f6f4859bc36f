package main

import (
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/google/go-containerregistry/pkg/v1/remote/transport"
)

func TestExplainAccess(t *testing.T) {
	req := httptest.NewRequest(http.MethodGet, "http://127.0.0.1:5001/v2/app/manifests/1", nil)
	plain := errors.New("reading layer 3: unexpected EOF")
	tests := []struct {
		name string
		err  error
		want string // "" when the error must come back as it is
	}{
		{"unauthorized", &transport.Error{StatusCode: 401, Request: req},
			"registry 127.0.0.1:5001 refused access (HTTP 401 Unauthorized)"},
		{"forbidden, wrapped", fmt.Errorf("fetching %q: %w", "app:1",
			&transport.Error{StatusCode: 403, Request: req}), "(HTTP 403 Forbidden)"},
		{"no request", &transport.Error{StatusCode: 401}, "the registry refused access (HTTP 401 Unauthorized)"},
		{"not found", &transport.Error{StatusCode: 404, Request: req}, ""},
		{"not a registry error", plain, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := explainAccess(tt.err)
			if tt.want == "" {
				if got != tt.err {
					t.Errorf("explainAccess changed %v into %v", tt.err, got)
				}
				return
			}
			if !strings.Contains(got.Error(), tt.want) || !strings.Contains(got.Error(), "DOCKER_CONFIG") {
				t.Errorf("message = %q, want %q and a word on DOCKER_CONFIG", got, tt.want)
			}
			var terr *transport.Error
			if !errors.As(got, &terr) {
				t.Error("the registry's answer is no longer in the chain")
			}
		})
	}
}
