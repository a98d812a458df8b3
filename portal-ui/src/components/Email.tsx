import { Fragment } from 'react';

/** An e-mail address that may wrap after its "@" on narrow screens, never in the middle of a word. */
export function Email(props: { address: string }) {
  const at = props.address.lastIndexOf('@');
  if (at < 0) return <>{props.address}</>;
  return (
    <Fragment>
      {props.address.slice(0, at + 1)}
      <wbr />
      {props.address.slice(at + 1)}
    </Fragment>
  );
}
