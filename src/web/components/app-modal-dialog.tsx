import { Modal } from '@mantine/core';
import type { ReactElement } from 'react';
import { useT } from '../i18n';

import type { AppModalProps } from './app-modal';

/**
 * Mantine's Modal, except that its header is a plain div: a <header> inside the dialog would
 * count as a second banner landmark next to the page's. Loaded by AppModal (app-modal.tsx).
 */
export function AppModalDialog({ opened, onClose, title, children }: AppModalProps): ReactElement {
  const { t } = useT();
  return (
    <Modal.Root opened={opened} onClose={onClose}>
      <Modal.Overlay />
      <Modal.Content>
        <Modal.Header component="div">
          <Modal.Title>{title}</Modal.Title>
          <Modal.CloseButton aria-label={t('common.close')} />
        </Modal.Header>
        <Modal.Body>{children}</Modal.Body>
      </Modal.Content>
    </Modal.Root>
  );
}
