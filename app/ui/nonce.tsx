import { createContext, useContext } from 'react'

/** The request's CSP nonce. Browsers hide it from the DOM, so on the client it is an empty string. */
const NonceContext = createContext('')
export const NonceProvider = NonceContext.Provider
export const useNonce = () => useContext(NonceContext)
