/** Who synthetic listings are for, and the organisations that run them (see also synthetic-activities.ts and synthetic-places.ts). */
export type Bilingual = { fr: string; en: string };

export type Audience = Bilingual & { minimumAge?: number; maximumAge?: number };

export const audiences: readonly [Audience, ...Audience[]] = [
  { fr: 'Ouvert à toutes et à tous.', en: 'Open to everyone.' },
  { fr: 'Pour les adultes.', en: 'For adults.', minimumAge: 18 },
  { fr: 'Pour les personnes aînées.', en: 'For older adults.', minimumAge: 55 },
  { fr: 'Pour les 65 ans et plus.', en: 'For people aged 65 and over.', minimumAge: 65 },
  {
    fr: 'Pour les jeunes de 12 à 17 ans.',
    en: 'For young people aged 12 to 17.',
    minimumAge: 12,
    maximumAge: 17,
  },
  { fr: 'Pour les familles.', en: 'For families.' },
  { fr: 'Pour les nouveaux arrivants.', en: 'For newcomers.', minimumAge: 16 },
  { fr: 'Pour les proches aidants.', en: 'For family caregivers.', minimumAge: 18 },
];

export const practicalNotes: readonly [Bilingual, ...Bilingual[]] = [
  { fr: 'Aucune expérience requise.', en: 'No experience needed.' },
  { fr: 'Inscription recommandée.', en: 'Registration recommended.' },
  { fr: 'Sans rendez-vous.', en: 'Drop in, no appointment needed.' },
  { fr: 'Collation offerte.', en: 'Snacks provided.' },
  { fr: 'Matériel fourni.', en: 'Materials provided.' },
  { fr: 'Accompagnement possible.', en: 'You can bring a support person.' },
];

export const organizationKinds: readonly [Bilingual, ...Bilingual[]] = [
  { fr: 'Centre communautaire', en: 'Community Centre' },
  { fr: 'Association des aînés', en: "Seniors' Association" },
  { fr: 'Maison de quartier', en: 'Neighbourhood House' },
  { fr: 'Centre de santé communautaire', en: 'Community Health Centre' },
  { fr: 'Réseau d’entraide', en: 'Mutual Aid Network' },
  { fr: 'Centre de bénévolat', en: 'Volunteer Centre' },
  { fr: 'Bibliothèque publique', en: 'Public Library' },
  { fr: 'Club de loisirs', en: 'Recreation Club' },
];
