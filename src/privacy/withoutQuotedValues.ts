/**
 * Validator messages quote the values they reject ("The value 'Zoë van den Berg' is not …",
 * "element "naam" …"): for the log, the quoted parts are replaced, so a pupil's name or
 * address in the document never reaches a log line. Namespaced element names
 * ('{http://…}achternaam') are kept, so the message still tells IT where the problem is.
 */
export function withoutQuotedValues(message: string): string {
  return message.replace(/'([^']*)'|"([^"]*)"|‘([^’]*)’|“([^”]*)”/g, (quoted, ...inner: (string | undefined)[]) =>
    ELEMENT_NAME.test(inner.find((x) => typeof x === 'string') ?? '') ? quoted : "'[…]'",
  );
}

const ELEMENT_NAME = /^\{[^}\s]*\}[A-Za-z_][\w.-]*$/;
