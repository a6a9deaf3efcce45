import { Anchor, Stack, Text, Title } from '@mantine/core';
import { Component, type ReactElement, type ReactNode } from 'react';
import { useT } from '../i18n';

/** A screen crashed: say so plainly rather than leave a blank page. */
export function RouteError(): ReactElement {
  const { t } = useT();
  return (
    <main>
      <Stack p="xl" maw={640}>
        <Title order={1}>{t('routeError.title')}</Title>
        <Text>{t('routeError.body')}</Text>
        <Anchor href="/">{t('common.backHome')}</Anchor>
      </Stack>
    </main>
  );
}

type BoundaryProps = { children: ReactNode; location: string };

/** Catches a screen's crash; going to another address tries again. */
export class RouteErrorBoundary extends Component<BoundaryProps, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    console.error(error);
  }

  override componentDidUpdate(previous: BoundaryProps): void {
    if (this.state.failed && previous.location !== this.props.location) {
      this.setState({ failed: false });
    }
  }

  override render(): ReactNode {
    return this.state.failed ? <RouteError /> : this.props.children;
  }
}
