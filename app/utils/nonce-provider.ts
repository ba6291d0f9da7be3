/**
 * The Content-Security-Policy nonce of the page being rendered, so the
 * scripts Remix inlines (hydration data, scroll restoration) carry it and
 * run under a policy without 'unsafe-inline'. Empty in the browser, which
 * hides nonces from the DOM anyway.
 */
import { createContext, createElement, useContext, type ReactNode } from "react";

const NonceContext = createContext("");

export function NonceProvider({ value, children }: { value: string; children: ReactNode }) {
  return createElement(NonceContext.Provider, { value }, children);
}

export function useNonce(): string {
  return useContext(NonceContext);
}
